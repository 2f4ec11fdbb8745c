using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Policy.Api.Store;

namespace Policy.Api.Identity;

/// <summary>
/// The data-protection key ring of the page sessions (cookies, antiforgery tokens) in the store:
/// a restart keeps people signed in, and every instance on one PostgreSQL database reads the
/// cookies the others wrote. Only in use when single sign-on is configured.
/// </summary>
public sealed class SessionKeyStore(Database db, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.Open();
        return [.. connection.Query<string>("SELECT xml FROM session_keys ORDER BY created_at, name").Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.Open();
        using var tx = db.BeginWrite(connection);
        connection.Execute(
            "INSERT INTO session_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting), at = StoreTime.Stamp(time.GetUtcNow()) },
            tx);
        tx.Commit();
    }
}
