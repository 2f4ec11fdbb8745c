using Policy.Core.Attachments;
using Policy.Core.Checking;
using Policy.Core.Decision;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Core.Tests.Attachments;

/// <summary>Text read from an image through the engine, findings mapped back to boxes; the attachment rule's keys for sent files.</summary>
public sealed class ImageTextCheckTests
{
    private static readonly Lazy<CompiledPack> DefaultPack = new(() => PackLibrary.LoadDirectory(RepoPaths.Policies).Packs["social-media-guideline"]);

    /// <summary>Words laid out left to right on numbered lines, 20 px per character, 50 px per line.</summary>
    private static RecognizedText Page(params string[] lines) => new(lines.SelectMany((line, l) =>
    {
        var x = 10;
        return line.Split(' ').Select(w =>
        {
            var word = new RecognizedWord(w, new ImageBox(x, 10 + (l * 50), w.Length * 20, 30), 95, l);
            x += (w.Length + 1) * 20;
            return word;
        }).ToList();
    }));

    [Fact]
    public void The_text_joins_words_by_spaces_and_lines_by_line_breaks_and_a_span_maps_to_the_box_of_its_words()
    {
        var page = Page("Das Passwort lautet", "Blaubeere#77 bitte");

        Assert.Equal("Das Passwort lautet\nBlaubeere#77 bitte", page.Text);
        Assert.Equal(new ImageBox(10, 60, 240, 30), page.BoxOf(page.Text.IndexOf("Blaubeere", StringComparison.Ordinal), 12));
        // A span over a line break covers both lines' words.
        Assert.Equal(new ImageBox(10, 10, 380, 80), page.BoxOf(page.Text.IndexOf("lautet", StringComparison.Ordinal), 8));
        Assert.Null(page.BoxOf(page.Text.Length + 5, 3));
    }

    [Fact]
    public void Only_confident_words_of_two_letters_count_as_words_of_a_page()
    {
        var page = new RecognizedText(
        [
            new RecognizedWord("Umsatz", new ImageBox(0, 0, 10, 10), 96, 0),
            new RecognizedWord("|", new ImageBox(0, 0, 10, 10), 96, 0),
            new RecognizedWord("Qw;", new ImageBox(0, 0, 10, 10), 12, 0),
            new RecognizedWord("42", new ImageBox(0, 0, 10, 10), 96, 0),
        ]);

        Assert.Equal(4, page.WordCount);
        Assert.Equal(1, page.ConfidentWords);
    }

    [Fact]
    public void A_password_in_an_image_is_a_finding_on_that_attachment_with_a_box_and_an_empty_span()
    {
        var page = Page("Das neue Passwort lautet Blaubeere#77");
        var draft = CheckRequest.Private("Unser Whiteboard", "de");

        var findings = ImageTextCheck.Check(DefaultPack.Value, draft, "de", page, attachment: 2, CheckBudget.Unlimited);

        var credential = Assert.Single(findings, f => f.Category == "credential");
        Assert.Equal(2, credential.Attachment);
        Assert.Equal((0, 0), (credential.Start, credential.Length));
        Assert.NotNull(credential.Box);
        Assert.Equal(30, credential.Box!.Height);
        Assert.DoesNotContain("Blaubeere#77", credential.Evidence, StringComparison.Ordinal);
        var combined = ImageTextCheck.Combine(CheckEngine.Check(DefaultPack.Value, draft), findings);
        Assert.Equal(Severity.Block, combined.Decision);
    }

    [Fact]
    public void A_finding_about_the_post_as_a_whole_is_not_repeated_from_the_image()
    {
        var draft = CheckRequest.Private("Unser Whiteboard", "de") with { Account = AccountKind.Corporate, CrisisMode = true };
        var page = Page("Hallo zusammen");
        var own = CheckEngine.Check(DefaultPack.Value, draft);
        Assert.Contains(own.Findings, f => f.Length == 0);

        var findings = ImageTextCheck.Check(DefaultPack.Value, draft, "de", page, attachment: 0, CheckBudget.Unlimited);
        var combined = ImageTextCheck.Combine(own, findings);

        Assert.Contains(findings, f => f.Box is null);
        Assert.Equal(own.Findings.Count, combined.Findings.Count);
    }

    [Fact]
    public void The_text_of_an_image_is_judged_by_rules_and_detectors_but_not_by_the_trained_layer()
    {
        var pack = DefaultPack.Value;
        const string Whisper = "Unter uns: wir übernehmen bald einen Wettbewerber, kauft lieber jetzt Aktien, der Kurs geht bestimmt hoch";
        var classifiers = pack.Rules.Where(r => r is Policy.Core.Rules.ClassifierRule).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(classifiers);
        Assert.True(pack.ClassifierRuleIds.SetEquals(classifiers));
        var draft = CheckRequest.Private("Unser Whiteboard", "de");

        // Written in the draft, the trained layer speaks as well as the rules.
        var written = CheckEngine.Check(pack, CheckRequest.Private(Whisper, "de")).Findings.Select(f => f.RuleId).ToList();
        Assert.Contains(written, classifiers.Contains);
        var byRules = written.Where(id => !classifiers.Contains(id)).ToList();
        Assert.NotEmpty(byRules);

        var findings = ImageTextCheck.Check(pack, draft, "de", Page(Whisper), attachment: 0, CheckBudget.Unlimited);

        Assert.DoesNotContain(findings, f => classifiers.Contains(f.RuleId));
        Assert.All(byRules, id => Assert.Contains(findings, f => f.RuleId == id));
    }

    private static Attachment Sent(AttachmentFile file, MediaLicense license = MediaLicense.Own) =>
        new("bild.jpg", "image/jpeg", "Ein Bild", license, null) { File = file };

    private static IEnumerable<string> RuleIds(params Attachment[] attachments) =>
        CheckEngine.Check(DefaultPack.Value, CheckRequest.Private("Schönes Wochenende!", "de") with { Attachments = attachments }).Findings.Select(f => f.RuleId);

    [Fact]
    public void Foreign_rights_in_the_file_fire_unless_a_licence_is_attested()
    {
        var file = new AttachmentFile { Rights = EmbeddedRights.Foreign, RightsHolder = "Getty Images", Text = ImageTextStatus.Read };

        Assert.Contains("media.rights-foreign", RuleIds(Sent(file)));
        Assert.DoesNotContain("media.rights-foreign", RuleIds(Sent(file, MediaLicense.Licensed)));
        Assert.DoesNotContain("media.rights-foreign", RuleIds(Sent(file with { Rights = EmbeddedRights.Own })));
    }

    [Fact]
    public void Eighty_words_in_an_image_are_a_hint_and_an_unread_image_goes_to_review()
    {
        Assert.Contains("confidential.text-in-image", RuleIds(Sent(new AttachmentFile { Text = ImageTextStatus.Read, RecognizedWords = 80 })));
        Assert.DoesNotContain("confidential.text-in-image", RuleIds(Sent(new AttachmentFile { Text = ImageTextStatus.Read, RecognizedWords = 79 })));
        Assert.Contains("confidential.image-unread", RuleIds(Sent(new AttachmentFile { Text = ImageTextStatus.Unread })));
        Assert.DoesNotContain("confidential.image-unread", RuleIds(Sent(new AttachmentFile { Text = ImageTextStatus.Off })));
    }

    [Fact]
    public void A_files_position_is_described_by_its_precision()
    {
        var photo = new Attachment("IMG_1.jpg", "image/jpeg", "Garten", MediaLicense.Own, new GeoPoint(48.137, 11.575))
        {
            File = new AttachmentFile { GpsPrecisionMeters = 1_500, Text = ImageTextStatus.Read },
        };

        var finding = CheckEngine.Check(DefaultPack.Value, CheckRequest.Private("Hallo", "de") with { Attachments = [photo] }).Findings.Single(f => f.RuleId == "location.gps");

        Assert.Equal("IMG_1.jpg: Standort auf etwa 1,5 km genau (ein Stadtviertel)", finding.Evidence);
        Assert.Equal(0, finding.Attachment);
    }
}
