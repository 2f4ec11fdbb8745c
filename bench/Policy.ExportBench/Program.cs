using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Policy.Api.Accounts;
using Policy.Api.Audit;
using Policy.Api.Store;
using Policy.Core.Accounts;

// The legal export of the account registry: time and peak memory for N accounts (default 100,000).
//   dotnet run -c Release --project bench/Policy.ExportBench [-- <accounts>]
// The parent seeds a fresh SQLite file, then runs each export in a child process of its own, so the
// child's peak working set is the export's alone (seeding does not inflate it).
if (args is ["export", var exportDir, var exportFormat])
{
    return await Export(exportDir, exportFormat);
}

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var dataDir = Path.Combine(Path.GetTempPath(), "policy-exportbench-" + Guid.NewGuid().ToString("N"));
try
{
    var seed = Stopwatch.StartNew();
    Seed(dataDir, count);
    Console.WriteLine($"seeded {count:N0} accounts ({count / 10:N0} with a second version) in {seed.Elapsed.TotalSeconds:F1} s");
    foreach (var format in new[] { "csv", "csv;", "json" })
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(AccountExport).Assembly.Location.Replace("Policy.Api.dll", "Policy.ExportBench.dll", StringComparison.Ordinal));
        }

        start.ArgumentList.Add("export");
        start.ArgumentList.Add(dataDir);
        start.ArgumentList.Add(format);
        using var child = Process.Start(start)!;
        Console.Write(await child.StandardOutput.ReadToEndAsync());
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            return child.ExitCode;
        }
    }

    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(dataDir, recursive: true);
    }
    catch (IOException)
    {
    }
}

static (AccountStore Store, Database Db) Open(string dir)
{
    var options = Options.Create(new StoreOptions { DataDirectory = dir });
    var db = new SqliteDatabase(options, TimeProvider.System);
    return (new AccountStore(db, new AuditLog(db, TimeProvider.System, new AuditKey(options)), TimeProvider.System), db);
}

static void Seed(string dir, int count)
{
    var (_, db) = Open(dir);
    db.Migrate();
    using var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Open();
    connection.Execute("PRAGMA synchronous = OFF;");
    using var tx = connection.BeginTransaction();
    string[] platforms = ["x", "linkedin", "xing", "instagram", "facebook", "tiktok", "youtube", "mastodon", "other"];
    string[] payers = ["company", "employee", "shared", "nobody"];
    string[] purposes = ["business", "private", "mixed"];
    var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    // Prepared commands with reused parameters: seeding is not what is measured, but it should not take minutes.
    using var account = connection.CreateCommand();
    account.Transaction = tx;
    account.CommandText = "INSERT INTO accounts (id, platform, handle_key, current_version, created_at, created_by) VALUES ($id, $platform, $handle, $versions, $at, 'bench')";
    using var version = connection.CreateCommand();
    version.Transaction = tx;
    version.CommandText = """
        INSERT INTO account_versions (account_id, version_no, valid_from, changed_by, change, platform, handle, url, display_name, registered_to,
            registered_name, registered_email, paid_by, purpose, employee_id, created_for, access_reference, contact_count, status)
        VALUES ($id, $version, $at, 'bench', $change, $platform, $handle, $url, $display, $to, $name, $email, $paid, $purpose, $employee,
            $createdFor, $access, $contacts, 'active')
        """;
    var p = new Dictionary<string, Microsoft.Data.Sqlite.SqliteParameter>();
    foreach (var name in new[] { "id", "platform", "handle", "versions", "at" })
    {
        p["a" + name] = account.Parameters.AddWithValue("$" + name, DBNull.Value);
    }

    foreach (var name in new[] { "id", "version", "at", "change", "platform", "handle", "url", "display", "to", "name", "email", "paid", "purpose", "employee", "createdFor", "access", "contacts" })
    {
        p[name] = version.Parameters.AddWithValue("$" + name, DBNull.Value);
    }

    for (var i = 0; i < count; i++)
    {
        var id = $"acc-{i:D7}";
        var platform = platforms[i % platforms.Length];
        var handle = $"mitarbeiter_{i}";
        var versions = i % 10 == 0 ? 2 : 1;
        p["aid"].Value = id;
        p["aplatform"].Value = platform;
        p["ahandle"].Value = handle;
        p["aversions"].Value = versions;
        p["aat"].Value = StoreTime.Stamp(t0);
        account.ExecuteNonQuery();
        for (var v = 1; v <= versions; v++)
        {
            p["id"].Value = id;
            p["version"].Value = v;
            p["at"].Value = StoreTime.Stamp(t0.AddMinutes(i).AddDays(v - 1));
            p["change"].Value = v == 1 ? "created" : "changed";
            p["platform"].Value = platform;
            p["handle"].Value = handle;
            p["url"].Value = $"https://example.social/{handle}";
            p["display"].Value = i % 7 == 0 ? $"=Jürgen Müller {i}" : $"Jürgen Müller {i}";
            p["to"].Value = i % 2 == 0 ? "company" : "person";
            p["name"].Value = i % 2 == 0 ? "Acme Maschinenbau GmbH" : $"Jürgen Müller {i}";
            p["email"].Value = i % 3 == 0 ? $"m{i}@acme.de" : $"m{i}@gmx.de";
            p["paid"].Value = payers[i % payers.Length];
            p["purpose"].Value = purposes[(i + v) % purposes.Length];
            p["employee"].Value = $"emp-{i % 5_000}";
            p["createdFor"].Value = "Vertrieb Süd; Messe \"Köln\"";
            p["access"].Value = $"vault://social/{platform}/{handle}";
            p["contacts"].Value = i % 200;
            version.ExecuteNonQuery();
        }
    }

    tx.Commit();
}

static async Task<int> Export(string dir, string format)
{
    var (store, _) = Open(dir);
    var domains = new CompanyDomains(["acme.de"]);
    var filter = new AccountFilter(store.Now());
    var file = Path.Combine(dir, "export." + (format == "json" ? "json" : "csv"));
    long peakHeap = 0;
    using var sampler = new Timer(_ => peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false)), null, 0, 5);
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var watch = Stopwatch.StartNew();
    ExportResult result;
    await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
    {
        result = format == "json"
            ? await AccountExport.WriteJsonAsync(store, domains, filter, stream, CancellationToken.None)
            : await AccountExport.WriteCsvAsync(store, domains, filter, format == "csv;" ? ';' : ',', stream, CancellationToken.None);
    }

    watch.Stop();
    peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{(format == "csv;" ? "csv (;)" : format),-8} rows {result.Rows,9:N0}  {result.Bytes / 1_048_576.0,7:F1} MB  {watch.Elapsed.TotalSeconds,6:F2} s  " +
        $"peak working set {process.PeakWorkingSet64 / 1_048_576.0,6:F1} MB  peak managed heap {peakHeap / 1_048_576.0,6:F1} MB  " +
        $"allocated {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1_048_576.0,7:F0} MB  gen2 GCs {GC.CollectionCount(2)}  sha256 {result.Sha256[..12]}…"));
    return 0;
}
