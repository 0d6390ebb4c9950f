using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Dvt.Crypto.Tests")]
[assembly: InternalsVisibleTo("Dvt.Crypto.Bench")]
