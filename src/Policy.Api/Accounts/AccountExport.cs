using System.Globalization;
using System.Text;
using System.Text.Json;
using Policy.Api.Export;
using Policy.Core.Accounts;

namespace Policy.Api.Accounts;

/// <summary>What a finished export wrote: rows, bytes and the SHA-256 of the file.</summary>
public sealed record ExportResult(long Rows, long Bytes, string Sha256);

/// <param name="File">The file name the export is downloaded as.</param>
/// <param name="AsOf">The instant the export shows the registry at; pass it back to get the same file.</param>
/// <param name="Sha256">SHA-256 (hex) of the file's bytes, byte order mark included.</param>
public sealed record ExportManifest(string File, string Format, string? Delimiter, long Rows, long Bytes, string GeneratedAt, string AsOf, ExportFilters Filters, string Sha256);

public sealed record ExportFilters(string? Verdict, string? Status, string? Employee, string AsOf);

/// <summary>
/// The legal export: every account as of a date, with its computed verdict, reasons and legal's override,
/// as CSV or JSON, written row by row while SQLite yields them, so memory stays flat however many
/// accounts there are; the SHA-256 is computed over the bytes on their way out.
/// </summary>
public static class AccountExport
{
    public static readonly IReadOnlyList<string> Header =
    [
        "accountId", "version", "validFrom", "changedBy", "platform", "handle", "url", "displayName", "registeredTo", "registeredName",
        "registeredEmail", "paidBy", "purpose", "employeeId", "createdFor", "accessReference", "contactCount", "contactsCopiedAt", "status",
        "computedVerdict", "reasons", "overrideVerdict", "overrideJustification", "overrideBy", "overrideAt", "verdict",
    ];

    private const int FlushAt = 64 * 1024;

    public static async Task<ExportResult> WriteCsvAsync(AccountStore store, CompanyDomains domains, AccountFilter filter, char delimiter, Stream destination, CancellationToken ct)
    {
        using var hashing = new HashingStream(destination);
        long rows = 0;
        await using (var writer = new StreamWriter(hashing, Csv.Utf8WithBom, bufferSize: FlushAt, leaveOpen: true))
        {
            var sb = new StringBuilder(1024);
            Csv.AppendRow(sb, delimiter, [.. Header]);
            await writer.WriteAsync(sb, ct);
            using var connection = store.Open();
            foreach (var (r, a, effective) in AccountStore.Stream(connection, filter, domains))
            {
                ct.ThrowIfCancellationRequested();
                sb.Clear();
                Csv.AppendRow(
                    sb,
                    delimiter,
                    r.AccountId, r.VersionNo.ToString(CultureInfo.InvariantCulture), r.ValidFrom, r.ChangedBy, r.Platform, r.Handle, r.Url, r.DisplayName,
                    r.RegisteredTo, r.RegisteredName, r.RegisteredEmail, r.PaidBy, r.Purpose, r.EmployeeId, r.CreatedFor, r.AccessReference,
                    r.ContactCount.ToString(CultureInfo.InvariantCulture), r.ContactsCopiedAt, r.Status, a.Verdict.Name(), a.Summary,
                    r.OverrideVerdict, r.OverrideJustification, r.OverrideBy, r.OverrideAt, effective);
                await writer.WriteAsync(sb, ct);
                rows++;
            }

            await writer.FlushAsync(ct);
        }

        return new ExportResult(rows, hashing.BytesWritten, hashing.Sha256());
    }

    public static async Task<ExportResult> WriteJsonAsync(AccountStore store, CompanyDomains domains, AccountFilter filter, Stream destination, CancellationToken ct)
    {
        using var hashing = new HashingStream(destination);
        long rows = 0;
        await using (var json = new Utf8JsonWriter(hashing, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartArray();
            using var connection = store.Open();
            foreach (var (r, a, effective) in AccountStore.Stream(connection, filter, domains))
            {
                ct.ThrowIfCancellationRequested();
                WriteAccount(json, r, a, effective);
                rows++;
                if (json.BytesPending > FlushAt)
                {
                    await json.FlushAsync(ct);
                }
            }

            json.WriteEndArray();
            await json.FlushAsync(ct);
        }

        return new ExportResult(rows, hashing.BytesWritten, hashing.Sha256());
    }

    private static void WriteAccount(Utf8JsonWriter json, AccountRow r, OwnershipAssessment a, string effective)
    {
        json.WriteStartObject();
        json.WriteString("accountId", r.AccountId);
        json.WriteNumber("version", r.VersionNo);
        json.WriteString("validFrom", r.ValidFrom);
        json.WriteString("changedBy", r.ChangedBy);
        json.WriteString("platform", r.Platform);
        json.WriteString("handle", r.Handle);
        json.WriteString("url", r.Url);
        json.WriteString("displayName", r.DisplayName);
        json.WriteString("registeredTo", r.RegisteredTo);
        json.WriteString("registeredName", r.RegisteredName);
        json.WriteString("registeredEmail", r.RegisteredEmail);
        json.WriteString("paidBy", r.PaidBy);
        json.WriteString("purpose", r.Purpose);
        json.WriteString("employeeId", r.EmployeeId);
        json.WriteString("createdFor", r.CreatedFor);
        json.WriteString("accessReference", r.AccessReference);
        json.WriteNumber("contactCount", r.ContactCount);
        json.WriteString("contactsCopiedAt", r.ContactsCopiedAt);
        json.WriteString("status", r.Status);
        json.WriteString("computedVerdict", a.Verdict.Name());
        json.WriteStartArray("reasons");
        foreach (var reason in a.Reasons)
        {
            json.WriteStartObject();
            json.WriteString("factor", reason.Factor.Name());
            json.WriteString("points", reason.Points.ToString().ToLowerInvariant());
            json.WriteString("text", reason.Text);
            if (reason.Basis is not null)
            {
                json.WriteString("basis", reason.Basis);
            }

            json.WriteString("code", reason.Code);
            if (reason.Value is not null)
            {
                json.WriteString("value", reason.Value);
            }

            if (reason.BasisCode is not null)
            {
                json.WriteString("basisCode", reason.BasisCode);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("overrideVerdict", r.OverrideVerdict);
        json.WriteString("overrideJustification", r.OverrideJustification);
        json.WriteString("overrideBy", r.OverrideBy);
        json.WriteString("overrideAt", r.OverrideAt);
        json.WriteString("verdict", effective);
        json.WriteEndObject();
    }
}
