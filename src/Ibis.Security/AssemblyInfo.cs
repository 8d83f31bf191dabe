[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Ibis.Security.Tests")]
