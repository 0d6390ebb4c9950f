using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Dvt.Crypto.Native;

/// <summary>
/// Loads the project's own blst build from the native/ folder beside this assembly. Default probing
/// would try a system-wide blst.so first, which may be another version or built with other options.
/// </summary>
internal static class BlstLibraryResolver
{
    /// <summary>The DllImport name the declarations in <see cref="Blst"/> use.</summary>
    public const string LibraryName = "blst";

    /// <summary>Set DVT_BLST_BUILD=portable to force the portable build (e.g. to compare speed).</summary>
    public const string OverrideVariable = "DVT_BLST_BUILD";

    private static readonly Lazy<string> ChosenPath = new(ChoosePath);
    private static int _installed;

    /// <summary>The full path of the shared library that is (or will be) loaded.</summary>
    public static string LibraryPath => ChosenPath.Value;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
            return;
        NativeLibrary.SetDllImportResolver(typeof(BlstLibraryResolver).Assembly, Resolve);
    }

    /// <summary>True when the CPU has the instructions the ADX build uses (BMI2 mulx, ADX adcx/adox).</summary>
    public static bool CpuHasAdx()
    {
        if (!Bmi2.IsSupported || !X86Base.IsSupported)
            return false;
        // CPUID leaf 7, sub-leaf 0: EBX bit 19 is ADX.
        var (_, ebx, _, _) = X86Base.CpuId(7, 0);
        return (ebx & (1 << 19)) != 0;
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
            return IntPtr.Zero;
        return NativeLibrary.Load(LibraryPath);
    }

    private static string ChoosePath()
    {
        var folder = Path.Combine(Path.GetDirectoryName(typeof(BlstLibraryResolver).Assembly.Location) ?? AppContext.BaseDirectory, "native");
        var forced = Environment.GetEnvironmentVariable(OverrideVariable);
        var build = forced switch
        {
            null or "" => CpuHasAdx() ? "adx" : "portable",
            "adx" or "portable" => forced,
            _ => throw new InvalidOperationException($"{OverrideVariable} must be 'adx' or 'portable', got '{forced}'"),
        };
        var path = Path.Combine(folder, $"libblst-{build}.so");
        if (!File.Exists(path))
            throw new DllNotFoundException($"blst build not found at {path}: run scripts/bootstrap.sh and rebuild");
        return path;
    }
}
