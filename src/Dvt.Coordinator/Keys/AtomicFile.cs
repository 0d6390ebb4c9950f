namespace Dvt.Coordinator.Keys;

/// <summary>
/// Writes a file so that a crash leaves either the old content or the new, never half a key: a temporary file
/// (owner read/write only) in the same folder, flushed to disk, renamed over the target, and the folder synced.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                using var writer = new StreamWriter(stream);
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
        SyncFolder(folder);
    }

    /// <summary>Deletes a file and syncs its folder so the deletion survives a crash.</summary>
    public static bool Delete(string path)
    {
        if (!File.Exists(path))
            return false;
        File.Delete(path);
        SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return true;
    }

    /// <summary>Removes temporaries a crash left behind in a folder.</summary>
    public static void CleanTemporaries(string folder)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp"))
            File.Delete(file);
    }

    private static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
            return;
        // Opening a directory read-only and fsync-ing it persists the rename (POSIX); .NET exposes it through a handle.
        try
        {
            using var handle = File.OpenHandle(folder, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.None);
            RandomAccess.FlushToDisk(handle);
        }
        catch (UnauthorizedAccessException)
        {
            // Some file systems refuse opening a directory; the rename is still atomic, only its durability is weaker.
        }
        catch (IOException)
        {
        }
    }
}
