// The navigation behind a Menu button on narrow screens. Without this script the links simply wrap
// (nothing is hidden), so the portal still works with scripts off.
(() => {
    const header = document.querySelector("header.site-header");
    const button = header && header.querySelector(".menu-toggle");
    const nav = header && header.querySelector("nav");
    if (!header || !button || !nav) return;
    header.classList.add("js-nav");
    button.hidden = false;
    const set = (open) => {
        header.classList.toggle("open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    set(false);
    button.addEventListener("click", () => set(!header.classList.contains("open")));
    // Escape closes the menu and gives focus back to its button.
    header.addEventListener("keydown", (e) => {
        if (e.key === "Escape" && header.classList.contains("open")) { set(false); button.focus(); }
    });
    // The current page's link says so to screen readers.
    for (const a of nav.querySelectorAll("a[href]")) {
        if (a.getAttribute("href") === location.pathname) a.setAttribute("aria-current", "page");
    }
})();
