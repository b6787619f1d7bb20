using System.Security.Cryptography;
using ChildIndex.Contracts.V1;
using Google.Protobuf;

namespace ChildIndex.Cli.Input;

/// <summary>Reads a .csv or .json registration file into requests, each with a request_id.</summary>
public static class RegistrationFile
{
    // Changing this changes every derived request_id, so a re-run after an upgrade would no
    // longer be recognised as a retry: bump it only together with the request's meaning.
    private static readonly byte[] RequestIdNamespace = "childindex-cli/register-child/v1\n"u8.ToArray();

    public static IReadOnlyList<RegistrationItem> Read(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
        {
            throw new UsageException($"'{path}' is neither a .csv nor a .json file");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"cannot read '{path}': {error.Message}");
        }

        IReadOnlyList<RegistrationItem> items;
        try
        {
            items = extension == ".csv" ? CsvRegistrations.Parse(text) : JsonRegistrations.Parse(text);
        }
        catch (InputFileException error)
        {
            throw new InputFileException($"{Path.GetFileName(path)}: {error.Message}", error.Problems);
        }

        foreach (var item in items.Where(i => string.IsNullOrWhiteSpace(i.Request.RequestId)))
        {
            item.Request.RequestId = DerivedRequestId(item.Request);
        }

        return items;
    }

    /// <summary>
    /// A request_id that depends only on what the request says: re-running the same file sends the
    /// same ids, and the server answers a known id with its first answer instead of registering
    /// the child again. A UUID version 8 (RFC 9562's custom, hash-based form) from SHA-256 of the
    /// request without its id.
    /// </summary>
    public static string DerivedRequestId(RegisterChildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = request.Clone();
        content.RequestId = string.Empty;
        var hash = SHA256.HashData([.. RequestIdNamespace, .. content.ToByteArray()]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
