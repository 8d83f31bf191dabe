global using Xunit;

// Mono.Cecil reads method bodies lazily and is not thread-safe; the classes share one read of each
// assembly (Support/Compiled.cs), so they run one after another. The whole suite takes seconds.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
