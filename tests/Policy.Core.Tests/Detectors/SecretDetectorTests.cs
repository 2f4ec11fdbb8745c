using System.Diagnostics;
using System.Text;
using Policy.Core.Match.Detectors.Secrets;
using Policy.Core.Match.Detectors;
using Policy.Core.Match;
using Xunit;

namespace Policy.Core.Tests.Detectors;

public sealed class SecretDetectorTests
{
    private static List<DetectorHit> Run(string name, string text)
    {
        var detector = SecretDetectors.All.Single(d => d.Name == name);
        var hits = new List<DetectorHit>();
        if (SecretDetectors.KeywordsPresent(detector, text))
        {
            detector.Scan(text, hits);
        }

        return hits;
    }

    private static string Covered(string text, DetectorHit h) => text.Substring(h.Start, h.Length);

    // ---- password-prose: positives (the expected value is exactly what the hit covers) -----------

    [Theory]
    [InlineData("Das Passwort lautet Blaubeere#77", "Blaubeere#77")]
    [InlineData("Passwort lautet Blaubeere#77, bitte nicht weitergeben", "Blaubeere#77")]
    [InlineData("Das Passwort ist Sonne123!", "Sonne123!")]
    [InlineData("Das Passwort ist Sonne123.", "Sonne123")]
    [InlineData("pw: Sonne123!", "Sonne123!")]
    [InlineData("PW=geheim2024", "geheim2024")]
    [InlineData("password=hunter2", "hunter2")]
    [InlineData("Kennwort: Tr0ub4dor&3", "Tr0ub4dor&3")]
    [InlineData("Das neue Passwort für das WLAN lautet: Kaffee4All", "Kaffee4All")]
    [InlineData("Unser WLAN-Passwort ist jetzt Sommer2024!", "Sommer2024!")]
    [InlineData("WLAN-Schlüssel: Fr1tzBox-7590", "Fr1tzBox-7590")]
    [InlineData("Zugangsdaten: max.mustermann / Sonne123!", "Sonne123!")]
    [InlineData("Die PIN ist 4711", "4711")]
    [InlineData("Das Passwort ist „Blaubeere77“", "Blaubeere77")]
    [InlineData("The password is Winter2024", "Winter2024")]
    [InlineData("the wifi password is: correct-Horse9", "correct-Horse9")]
    [InlineData("Login: admin, Passwort: 123456", "123456")]
    [InlineData("administrator_login_password = \"thisIsDog11\"", "thisIsDog11")]
    [InlineData("password       = \"rootpasswd\"", "rootpasswd")]
    [InlineData("Einmalpasswort: A7x!Q2", "A7x!Q2")]
    [InlineData("Benutzer acme_ulm, Passwort Ulm2024!!", "Ulm2024!!")]
    [InlineData("WLAN für Gäste: Passwort Gast#2026x", "Gast#2026x")]
    public void Password_prose_finds_the_password_only(string text, string expected)
    {
        var hits = Run("password-prose", text);
        TestContext.Current.TestOutputHelper?.WriteLine($"{text} -> [{string.Join(", ", hits.Select(h => Covered(text, h)))}]");
        Assert.Contains(hits, h => Covered(text, h) == expected);
        Assert.All(hits, h => Assert.Equal("password-prose", h.Entity));
    }

    // ---- password-prose: help texts and ordinary sentences -----------------------------------

    [Theory]
    [InlineData("Passwort vergessen?")]
    [InlineData("Passwort zurücksetzen")]
    [InlineData("Passwort zurücksetzen: https://intranet.example.de/reset")]
    [InlineData("Bitte ändere dein Passwort regelmäßig")]
    [InlineData("password reset link")]
    [InlineData("Das Passwort ist sicher gespeichert")]
    [InlineData("Passwort ist Pflicht")]
    [InlineData("Choose a strong password!")]
    [InlineData("Your password is incorrect.")]
    [InlineData("Das Passwort ist geheim.")]
    [InlineData("Das Passwort muss mindestens 12 Zeichen haben.")]
    [InlineData("Das Passwort ist 12 Zeichen lang.")]
    [InlineData("Die PIN ist 4-stellig.")]
    [InlineData("Das Passwort ist 2024 abgelaufen.")]
    [InlineData("Passwort: siehe E-Mail von gestern")]
    [InlineData("Passwort-Manager sind super! #security")]
    [InlineData("Wir feiern 10 Jahre Firma, das Passwort für gute Laune ist Teamgeist")]
    [InlineData("Pinnwand: 3 neue Beiträge")]
    [InlineData("Der Reisepass: gültig bis 2030")]
    [InlineData("administrator_login_password = var.db_password")]
    [InlineData("password = \"${aws_db_instance.default.password}\"")]
    [InlineData("Passwort: ********")]
    [InlineData("password: <your password>")]
    [InlineData("Kennwort vergessen? Hier klicken.")]
    [InlineData("Passwort zurücksetzen: einfach auf den Link klicken.")]
    [InlineData("Unser Passwort Manager heißt KeePassXC.")]
    [InlineData("Passwort 12345678 ist verboten, sagt die IT.")]
    public void Password_prose_ignores_help_texts(string text)
    {
        var hits = Run("password-prose", text);
        Assert.True(hits.Count == 0, $"fired on \"{text}\": {string.Join(", ", hits.Select(h => Covered(text, h)))}");
    }

    // ---- specific formats: the span covers exactly the value -------------------------------------

    [Theory]
    [InlineData("aws-access-token", "aws_access_key_id = AKIALALEMEL33243OLIB", "AKIALALEMEL33243OLIB")]
    [InlineData("github-pat", "token: ghp_Zx9Qw3ErTy7UiOp2AsDf5GhJk8LzXc1VbN4m", "ghp_Zx9Qw3ErTy7UiOp2AsDf5GhJk8LzXc1VbN4m")]
    [InlineData("slack-webhook-url", "Hook: https://hooks.slack.com/services/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.", "https://hooks.slack.com/services/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")]
    [InlineData("stripe-access-token", "Mein Key: sk_live_51OuEMLAlTWGaDypq4P5cuDHbuKeG4tAG", "sk_live_51OuEMLAlTWGaDypq4P5cuDHbuKeG4tAG")]
    [InlineData("huggingface-access-token", "HF_TOKEN=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", "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")]
    [InlineData("generic-api-key", "client_secret = \"6da89121079f83b2eb6acccf8219ea982c3d79bc\"", "6da89121079f83b2eb6acccf8219ea982c3d79bc")]
    [InlineData("generic-api-key", "<apiToken>\n  Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB\n</apiToken>", "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB")]
    [InlineData("basic-auth-url", "DB: postgres://app:S3cr3t-Pa55@db.internal:5432/crm", "S3cr3t-Pa55")]
    [InlineData("connection-string", "Server=sql01;Database=crm;User Id=app;Password=Xy7#kL9!;", "Xy7#kL9!")]
    [InlineData("curl-auth-user", "curl -u elastic:P@ssw0rd$1 https://localhost:9200", "P@ssw0rd$1")]
    [InlineData("curl-auth-header", "curl -H \"Authorization: Bearer cfcabd11c7ed9a41b1a3e063c32d5114\" https://api", "cfcabd11c7ed9a41b1a3e063c32d5114")]
    public void Hit_covers_exactly_the_value(string name, string text, string expected)
    {
        var hits = Run(name, text);
        Assert.Contains(hits, h => Covered(text, h) == expected && h.Entity == name);
    }

    [Theory]
    [InlineData("aws-access-token", "key = AKIAXXXXXXXXXXXXXXXX")]
    [InlineData("aws-access-token", "aws_access_key: AKIAIOSFODNN7EXAMPLE")]
    [InlineData("github-pat", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("generic-api-key", "public_key = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit\"")]
    [InlineData("generic-api-key", "credentialsId: 'ff083f76-7804-4ef1-80e4-fe975bb9141b'")]
    [InlineData("generic-api-key", "Unser neuer API-Key-Prozess ist live, Version 2.1.0")]
    [InlineData("basic-auth-url", "curl https://user:password@example.com")]
    [InlineData("basic-auth-url", "Besuche https://www.example.de/karriere")]
    [InlineData("private-key", "-----BEGIN PRIVATE KEY-----\nanything\n-----END PRIVATE KEY-----")]
    [InlineData("private-key", "Ein Schlüssel beginnt mit -----BEGIN PRIVATE KEY----- und das erklären wir heute in unserem Blog, denn Sicherheit ist uns wichtig und jeder sollte es wissen.")]
    [InlineData("jwt", "Wir nutzen JWT (eyJ…) für Sessions.")]
    public void Placeholders_and_prose_do_not_fire(string name, string text)
    {
        Assert.Empty(Run(name, text));
    }

    [Fact]
    public void Private_key_block_is_covered_whole_and_truncated_blocks_too()
    {
        var body = string.Concat(Enumerable.Repeat("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDAC4AWkdwKYSd8\n", 3));
        var block = "-----BEGIN RSA PRIVATE KEY-----\n" + body + "-----END RSA PRIVATE KEY-----";
        var text = "Hier mein Key:\n" + block + "\nDanke!";
        var hit = Assert.Single(Run("private-key", text));
        Assert.Equal(block, Covered(text, hit));

        var truncated = "Key: -----BEGIN OPENSSH PRIVATE KEY----- " + body.Replace('\n', ' ').Trim() + " … (Rest später)";
        var t = Assert.Single(Run("private-key", truncated));
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----", Covered(truncated, t), StringComparison.Ordinal);
        Assert.EndsWith("Sd8", Covered(truncated, t), StringComparison.Ordinal);
    }

    // ---- contract: names, inputs, keywords, types -----------------------------------------

    [Fact]
    public void Detectors_follow_the_contract()
    {
        var names = SecretDetectors.All.Select(d => d.Name).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.True(names.Count >= 100, $"only {names.Count} detectors");
        foreach (var d in SecretDetectors.All)
        {
            Assert.True(d.GetType().IsSealed, d.Name);
            Assert.Equal(DetectorInput.Original, d.Input);
            Assert.NotEmpty(d.Keywords);
            Assert.All(d.Keywords, k => Assert.True(k.Length > 0 && k.All(c => c < 128 && !char.IsUpper(c)), $"{d.Name}: keyword '{k}'"));
        }

        Assert.Contains("password-prose", names);
        Assert.Contains("generic-api-key", names);
        Assert.Contains("private-key", names);
    }

    [Fact]
    public void Catalog_exposes_the_secret_detectors()
    {
        Assert.True(DetectorCatalog.ByName.ContainsKey("aws-access-token"));
        Assert.Contains("password-prose", DetectorCatalog.SecretNames);
    }

    // ---- performance smoke test ---------------------------------------------------------

    [Fact]
    public void Scanning_is_fast_on_tweets_and_on_long_pastes()
    {
        const string tweet = "Heute beim Team-Event in Köln: tolles Wetter, super Stimmung und neue Ideen für 2025! #teamwork #company";
        var config = new StringBuilder();
        for (var i = 0; config.Length < 10_000; i++)
        {
            config.Append("setting_").Append(i).Append(" = \"value-").Append(i).Append("\" # key token secret password\n");
        }

        var paste = config.ToString();
        _ = SecretDetectors.ScanAll(tweet); // warm up (regex construction)
        _ = SecretDetectors.ScanAll(paste);

        var sw = Stopwatch.StartNew();
        const int rounds = 200;
        for (var i = 0; i < rounds; i++)
        {
            _ = SecretDetectors.ScanAll(tweet);
        }

        var perTweet = sw.Elapsed.TotalMicroseconds / rounds;
        sw.Restart();
        for (var i = 0; i < 5; i++)
        {
            _ = SecretDetectors.ScanAll(paste);
        }

        var perPaste = sw.Elapsed.TotalMilliseconds / 5;
        TestContext.Current.TestOutputHelper?.WriteLine($"tweet {perTweet:F1} µs (all keyword checks included), 10k paste {perPaste:F2} ms");
        Assert.True(perPaste < 200, $"10k paste took {perPaste:F1} ms");
        Assert.True(perTweet < 2000, $"tweet took {perTweet:F1} µs");
    }
}
