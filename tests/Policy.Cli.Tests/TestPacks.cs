namespace Policy.Cli.Tests;

/// <summary>A small company pack on the shipped base, as a pack author would write one from scratch.</summary>
internal static class TestPacks
{
    public static string Company(string version = "1.0.0", string codenames = "[Projekt Kranich]", string extraExample = "") => $$"""
        id: test-company
        version: {{version}}
        title: { de: Testfirma, en: Test company }
        extends: social-media-guideline
        lists:
          codenames: {{codenames}}
        examples:
          - text: Heute Kickoff für Projekt Kranich in Halle 3.
            expect: review
            rules: [confidential.codenames]
          - text: Schönes Wetter heute am See.
            expect: allow
        {{extraExample}}
        """;

    /// <summary>An example that cannot pass: a code name draft expected to be allowed.</summary>
    public const string FailingExample = """
          - text: Projekt Kranich startet morgen.
            expect: allow
        """;
}
