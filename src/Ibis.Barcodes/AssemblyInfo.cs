using System.Runtime.CompilerServices;

// The tests check codeword-level vectors (Reed–Solomon, placement, encodation) on internal types.
[assembly: InternalsVisibleTo("Ibis.Barcodes.Tests")]
