using System.Security.Cryptography;

namespace Policy.Api.Store;

/// <summary>
/// A secret key of this installation in a file of its own beside the database (never in it), so a
/// copy or export of the database does not carry it: 32 random bytes, readable only by the service
/// account, created atomically on first start.
/// </summary>
public static class KeyFile
{
    private const int KeyBytes = 32;

    /// <summary>The key in <paramref name="path"/>, created if there is none.</summary>
    /// <param name="whenDamaged">What the operator can do if the file is damaged.</param>
    public static byte[] LoadOrCreate(string path, string whenDamaged)
    {
        if (File.Exists(path))
        {
            return Read(path, whenDamaged);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(key);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            // Atomic: a second instance starting at the same moment keeps whichever key came first.
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return Read(path, whenDamaged);
        }
    }

    private static byte[] Read(string path, string whenDamaged)
    {
        var key = File.ReadAllBytes(path);
        if (key.Length != KeyBytes)
        {
            throw new InvalidOperationException($"The key file {path} is damaged ({key.Length} bytes instead of {KeyBytes}). {whenDamaged}");
        }

        return key;
    }
}
