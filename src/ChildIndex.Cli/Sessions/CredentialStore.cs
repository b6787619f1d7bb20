using System.Text.Json;

namespace ChildIndex.Cli.Sessions;

/// <summary>
/// The signed-in person's tokens on disk: `credentials.json` in $CHILDINDEX_CONFIG_DIR, else
/// ~/.config/childindex. A refresh token is as good as a signed-in person for 8 hours, so the
/// file is only ever readable by its owner: on Unix the folder is made 0700 and every version of
/// the file is created 0600 before a byte is written, then moved into place.
/// </summary>
public sealed class CredentialStore
{
    public const string DirectoryVariable = "CHILDINDEX_CONFIG_DIR";
    public const string FileName = "credentials.json";

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions Format = new() { WriteIndented = true };

    public CredentialStore(string directory)
    {
        Directory = directory;
        FilePath = Path.Combine(directory, FileName);
    }

    public string Directory { get; }

    public string FilePath { get; }

    public static CredentialStore FromEnvironment(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables(DirectoryVariable) is { Length: > 0 } configured)
        {
            return new CredentialStore(configured);
        }

        var home = variables("HOME") is { Length: > 0 } fromVariable ? fromVariable : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new CredentialStore(Path.Combine(home, ".config", "childindex"));
    }

    /// <summary>The cached session, or null when there is none (a damaged file counts as none:
    /// the next login replaces it).</summary>
    public StoredSession? Load()
    {
        try
        {
            using var stream = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize<StoredSession>(stream, Format) is { AccessToken.Length: > 0 } session ? session : null;
        }
        catch (Exception missing) when (missing is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public void Save(StoredSession session)
    {
        CreateDirectory();
        var temporary = $"{FilePath}.{Guid.NewGuid():N}.tmp";
        var create = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = FileMode;
        }

        try
        {
            using (var stream = new FileStream(temporary, create))
            {
                JsonSerializer.Serialize(stream, session, Format);
            }

            // A rename replaces the old file in one step: no reader ever sees half a file, and the
            // new file keeps the mode it was created with.
            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Removes the cached session; true if there was a file.</summary>
    public bool Delete()
    {
        if (!File.Exists(FilePath))
        {
            return false;
        }

        File.Delete(FilePath);
        return true;
    }

    // Only a folder made here is given its mode: one the person pointed CHILDINDEX_CONFIG_DIR at
    // keeps theirs (the file in it is 0600 whatever the folder's mode).
    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else if (!System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
        }
    }
}
