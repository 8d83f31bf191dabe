// Confirmation before an act that cannot be undone (revoke a license, check a device out of service,
// close a deposit account). A form marked data-confirm="<question>" is held back on submit and a
// dialog shows the question with the reason written out in words — from the form's element marked
// data-confirm-reason (a select's chosen option's title, or the text typed). Only "Yes" submits.
// A form whose own confirmation checkbox (data-confirm-check) is not ticked goes to the server as
// before, which refuses it with confirmation_required. Without scripts the forms post unchanged.
(() => {
    const dialog = document.getElementById("confirm-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    const question = dialog.querySelector(".question");
    const reason = dialog.querySelector(".reason");
    const yes = dialog.querySelector("#confirm-yes");
    const no = dialog.querySelector("#confirm-no");
    let pending = null;

    // "Reason: lease ended", or the element's own words before its value (data-confirm-reason="Written request of ").
    const reasonOf = (form) => {
        const el = form.querySelector("[data-confirm-reason]");
        if (!el) return "";
        const label = el.getAttribute("data-confirm-reason") || "Reason: ";
        let value = "";
        if (el.tagName === "SELECT") {
            const option = el.options[el.selectedIndex];
            value = option ? (option.title || option.text) : "";
        } else {
            value = (el.value || "").trim();
        }
        return value ? label + value : "";
    };

    document.addEventListener("submit", (e) => {
        const form = e.target;
        if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
        if (form.dataset.confirmed === "yes") { delete form.dataset.confirmed; return; }
        const check = form.querySelector("[data-confirm-check]");
        if (check && !check.checked) return;
        e.preventDefault();
        pending = { form, submitter: e.submitter || null };
        question.textContent = form.getAttribute("data-confirm");
        const text = reasonOf(form);
        reason.textContent = text || "No reason given.";
        yes.textContent = form.getAttribute("data-confirm-yes") || "Yes, go ahead";
        dialog.showModal();
        no.focus();
    });

    yes.addEventListener("click", () => {
        const p = pending;
        pending = null;
        dialog.close();
        if (!p) return;
        p.form.dataset.confirmed = "yes";
        if (typeof p.form.requestSubmit === "function") p.form.requestSubmit(p.submitter && p.submitter.form === p.form ? p.submitter : undefined);
        else p.form.submit();
    });
    no.addEventListener("click", () => { pending = null; dialog.close(); });
    dialog.addEventListener("cancel", () => { pending = null; });
})();
