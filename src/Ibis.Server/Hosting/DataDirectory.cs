namespace Ibis.Server.Hosting;

/// <summary>
/// The data directory holds the SQLite database (customer records, ledgers, wrapped device keys)
/// and the sandbox credentials (the key-encryption key lives apart, see <see cref="KeyEncryptionKeyLocation"/>): only the account Ibis runs as may
/// enter it (0700) or read its files (0600). The database file is created 0600 before SQLite opens
/// it (<see cref="CreateSqliteFile"/>, at migration), so that its -wal and -shm files, which SQLite
/// gives the database file's mode, are 0600 too.
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
    }

    /// <summary>Just before SQLite first opens the database: an empty 0600 file for it to fill (its -wal and -shm follow the mode).</summary>
    public static void CreateSqliteFile(IbisOptions options)
    {
        if (options.PostgresConnectionString is null) CreatePrivateFile(options.SqlitePath);
    }

    /// <summary>An empty 0600 file at <paramref name="path"/> unless one is there (an SQLite file's -wal, -shm and -journal take its mode).</summary>
    public static void CreatePrivateFile(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            new FileStream(path, new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile }).Dispose();
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another node of the same data directory created it first.
        }
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
