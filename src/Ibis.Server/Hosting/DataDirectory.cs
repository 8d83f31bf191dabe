namespace Ibis.Server.Hosting;

/// <summary>
/// The data directory holds the SQLite database (customer records, ledgers, wrapped device keys),
/// the generated key-encryption key and the sandbox credentials: only the account Ibis runs as may
/// enter it (0700) or read its files (0600). The database file is created 0600 before SQLite opens
/// it, so that its -wal and -shm files, which SQLite gives the database file's mode, are 0600 too.
/// </summary>
public static class DataDirectory
{
    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the directory private, or makes an existing one and its files private.</summary>
    public static void Secure(IbisOptions options)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(options.DataDirectory); // ACLs of the user's profile apply
            return;
        }
        Directory.CreateDirectory(options.DataDirectory, PrivateDirectory);
        Tighten(options.DataDirectory, PrivateDirectory);
        foreach (var entry in Directory.EnumerateFileSystemEntries(options.DataDirectory))
            Tighten(entry, Directory.Exists(entry) ? PrivateDirectory : PrivateFile);
        if (options.PostgresConnectionString is null && !File.Exists(options.SqlitePath))
            new FileStream(options.SqlitePath, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile }).Dispose();
    }

    private static void Tighten(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        // Only ever removes permissions (group and others); a file the owner may not write stays so.
        var current = File.GetUnixFileMode(path);
        var wanted = current & mode;
        if (current != wanted) File.SetUnixFileMode(path, wanted);
    }
}
