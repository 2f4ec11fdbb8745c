using Policy.Core.Match.Detectors;
using Policy.Core.Match.Detectors.Secrets;
using Xunit;

namespace Policy.Core.Tests.Detectors;

/// <summary>command-line-password: a password pasted with the command that uses it.</summary>
public sealed class CommandLinePasswordDetectorTests
{
    private static List<string> Found(string text)
    {
        var detector = SecretDetectors.All.Single(d => d.Name == "command-line-password");
        var hits = new List<DetectorHit>();
        if (SecretDetectors.KeywordsPresent(detector, text))
        {
            detector.Scan(text, hits);
        }

        return [.. hits.Select(h => text.Substring(h.Start, h.Length))];
    }

    [Theory]
    [InlineData("Warum geht das nicht? sqlcmd -S sql-lager02 -U wawi_read -P 'Qm!2026-lk#7' -Q \"select count(*) from orders\"", "Qm!2026-lk#7")]
    [InlineData("sqlcmd -S report01 -U etl -PNordwind77", "Nordwind77")] // attached to -P
    [InlineData("backup läuft so: mysqldump -h db-kasse -u root -pSchranke2025 kasse > dump.sql", "Schranke2025")]
    [InlineData("mysql -u shop -p'Kiel Hafen 9' shopdb", "Kiel Hafen 9")] // quoted, with spaces
    [InlineData("sshpass -p 'Deich#2026' ssh wartung@10.20.0.7", "Deich#2026")]
    [InlineData("plink -ssh root@192.168.4.2 -pw Leuchtturm!4", "Leuchtturm!4")]
    [InlineData("sqlplus lager_ro/Regal42x@ORCLPROD", "Regal42x")]
    [InlineData("docker login -u build-bot -p Fz8-qq!31 registry.intern.example", "Fz8-qq!31")] // a user option, then -p
    [InlineData("ldapsearch -x -D \"cn=admin,dc=werk,dc=de\" -w 'Ld4p-Werk!' -b dc=werk,dc=de", "Ld4p-Werk!")]
    [InlineData("./sync.sh --db-password=Halde7Blau --dry-run", "Halde7Blau")]
    [InlineData("keytool -list -keystore app.jks -storepass Tr4nsport99", "Tr4nsport99")]
    [InlineData("openssl pkcs12 -export -in c.pem -passout pass:Rheinbr0ecke -out c.p12", "Rheinbr0ecke")]
    [InlineData("psexec \\\\kasse07 -u admin -p Filiale#07 cmd", "Filiale#07")]
    [InlineData("so gehts:\nmysql -h db01 \\\n  -u report \\\n  -pBericht2026 kpi", "Bericht2026")] // continued over lines
    public void Finds_the_password_on_the_command_line(string text, string value) => Assert.Equal([value], Found(text));

    [Theory]
    [InlineData("sqlcmd -S localhost,1433 -P 8080")] // a number, not a password
    [InlineData("sqlcmd -S db01 -U sa -P '<password>' -Q \"select 1\"")] // placeholder
    [InlineData("mysql -u root -p$MYSQL_PASSWORD shop")] // a variable
    [InlineData("mysql -u root -p shop")] // asks for it
    [InlineData("sqlcmd -S db01 -U sa -P ***")] // redacted
    [InlineData("psql -U admin -p 5433 -d crm")] // -p is the port to psql
    [InlineData("docker run -u 1000 -p 8080:80 nginx")] // a port mapping
    [InlineData("mysql -h db01 -P 3306 -u app -p")] // -P is the port to mysql
    [InlineData("openssl pkcs12 -export -passout env:P12_PASS -out a.p12")] // where the password is
    [InlineData("curl -u admin -w '%{http_code}' https://example.com")] // -w is curl's output format
    [InlineData("Bitte nie --password im Klartext übergeben, nutzt --password-file /etc/app/pw")] // advice
    [InlineData("mkdir -p /tmp/reports && mysql -e \"select 1\"")] // -p of mkdir
    [InlineData("ssh -p 2222 -u deploy host")] // a port, whatever the user option
    public void Stays_quiet_without_a_password(string text) => Assert.Empty(Found(text));
}
