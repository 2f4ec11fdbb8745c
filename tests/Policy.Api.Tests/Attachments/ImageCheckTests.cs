using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Policy.Api.Tests.Attachments;

/// <summary>
/// POST /api/v1/checks with the images themselves, on the real API with Debian's Tesseract: every
/// image is made in the test (SkiaSharp draws the text, the EXIF segment is written byte by byte).
/// </summary>
public sealed class ImageCheckTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>The time limit of these tests' server (default 30 s): generous, since the shared test machine can be slow to read a screenshot.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    private static readonly string[] Whiteboard =
    [
        "Protokoll Teamrunde Lager",
        "Das neue Passwort lautet Blaubeere#77",
        "IBAN für die Rechnung: DE89 3704 0044 0532 0130 00",
        "Meeting notes: lunch is on Friday.",
    ];

    private readonly WebApplicationFactory<Program> _api = factory.WithWebHostBuilder(b => b.UseSetting("Policy:Attachments:TimeLimit", TimeLimit.ToString()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Reading text needs Debian's tesseract-ocr with deu and eng data (.ci/run installs them).</summary>
    internal static void RequireTesseract() =>
        Assert.SkipUnless(
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "tesseract"))),
            "Tesseract was not found: apt-get install tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng");

    private HttpClient Employee()
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.NewKey("employee"));
        return client;
    }

    internal static MultipartFormDataContent Form(object draft, params (string Name, byte[] Bytes)[] images)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonContent.Create(draft).ReadAsStringAsync().Result, Encoding.UTF8, "application/json"), "draft" },
        };
        foreach (var (name, bytes) in images)
        {
            form.Add(new ByteArrayContent(bytes), "images", name);
        }

        return form;
    }

    private static async Task<(HttpStatusCode Status, string Body)> Post(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("/api/v1/checks", content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_photo_with_GPS_in_its_EXIF_gives_a_location_finding_with_the_precision_not_the_coordinates()
    {
        RequireTesseract();
        var photo = TestImages.WithExif(TestImages.Photo(), lat: 48.137_04, lon: 11.575_56);
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Feierabend im Garten", language = "en", account = new { kind = "private" } }, ("IMG_2041.jpg", photo)));

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        var location = answer["findings"]!.AsArray().Single(f => (string?)f!["ruleId"] == "location.gps")!;
        Assert.Equal(0, (int)location["attachment"]!);
        Assert.Equal(0, (int)location["span"]!["length"]!);
        // Seconds written in tenths: about 3 m, a building.
        Assert.Equal("IMG_2041.jpg: location precise to about 3 m (a building)", (string?)location["evidence"]);
        Assert.NotEqual("allow", (string?)answer["decision"]);
        var report = answer["attachments"]!.AsArray().Single()!;
        Assert.Equal("building", (string?)report["location"]!["place"]);
        Assert.True((bool)report["location"]!["hasAltitude"]!);
        Assert.Equal("Fairphone FP5", (string?)report["device"]);
        Assert.Equal("2024-05-17T18:42:07", (string?)report["capturedAt"]);
        Assert.True((bool)report["hasMetadata"]!);
        Assert.True((bool)report["cleanCopy"]!);
        Assert.Equal("read", (string?)report["text"]);
        // Never the position itself: not as a number, not as degrees and minutes.
        Assert.DoesNotContain("48.13", body, StringComparison.Ordinal);
        Assert.DoesNotContain("11.57", body, StringComparison.Ordinal);
        Assert.DoesNotContain("48°", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_without_location_gives_no_location_finding()
    {
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Feierabend im Garten", account = new { kind = "private" } }, ("IMG_2042.jpg", TestImages.WithExif(TestImages.Photo()))));

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.DoesNotContain(answer["findings"]!.AsArray(), f => (string?)f!["category"] == "location");
        Assert.Null(answer["attachments"]![0]!["location"]);
    }

    [Fact]
    public async Task Text_in_an_image_gives_the_findings_the_same_text_would_with_boxes_around_the_words()
    {
        RequireTesseract();
        var (png, lines) = TestImages.TextPng(Whiteboard);
        using var client = Employee();

        // The same words as a draft, line by line, as the reader returns them.
        var asText = await client.PostAsJsonAsync("/api/v1/checks", new { text = string.Join('\n', Whiteboard), language = "de", account = new { kind = "private" } }, Ct);
        var textFindings = JsonNode.Parse(await asText.Content.ReadAsStringAsync(Ct))!["findings"]!.AsArray();
        var (status, body) = await Post(client, Form(new { text = "Unser Whiteboard von heute", language = "de", account = new { kind = "private" } }, ("whiteboard.png", png)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("Blaubeere#77", body, StringComparison.Ordinal);
        Assert.DoesNotContain("0532 0130", body, StringComparison.Ordinal);
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("block", (string?)answer["decision"]);
        var fromImage = answer["findings"]!.AsArray().Where(f => f!["attachment"] is not null && f["box"] is not null).ToList();
        Assert.Equal(
            textFindings.Select(f => (string)f!["ruleId"]!).Order(StringComparer.Ordinal),
            fromImage.Select(f => (string)f!["ruleId"]!).Order(StringComparer.Ordinal));
        Assert.Contains(textFindings, f => (string?)f!["category"] == "credential");
        Assert.Contains(textFindings, f => (string?)f!["category"] == "pii");

        // Each finding's box lies on the line its words were drawn on, and its evidence is masked as for text.
        var credential = fromImage.First(f => (string?)f!["category"] == "credential")!;
        AssertOnLine(credential["box"]!, lines[1]);
        Assert.Equal(
            (string?)textFindings.First(f => (string?)f!["category"] == "credential")!["evidence"],
            (string?)credential["evidence"]);
        var iban = fromImage.First(f => (string?)f!["category"] == "pii")!;
        AssertOnLine(iban["box"]!, lines[2]);
        Assert.Equal(0, (int)iban["attachment"]!);
        Assert.Equal(0, (int)iban["span"]!["length"]!);
        Assert.Equal("read", (string?)answer["attachments"]![0]!["text"]);
        Assert.InRange((int)answer["attachments"]![0]!["words"]!, 15, 40);
    }

    private static void AssertOnLine(JsonNode box, (int Top, int Bottom) line)
    {
        var y = (int)box["y"]!;
        var height = (int)box["height"]!;
        Assert.InRange(y + (height / 2), line.Top, line.Bottom);
        Assert.InRange(height, 10, 3 * (line.Bottom - line.Top));
        Assert.InRange((int)box["x"]!, 30, 1080);
        Assert.True((int)box["width"]! > 40, "the box spans the words");
    }

    [Fact]
    public async Task An_English_screenshot_is_read_too()
    {
        RequireTesseract();
        var (png, lines) = TestImages.TextPng(["Sprint review, internal", "Staging login: password is Winter2024!x", "Transfer to DE89 3704 0044 0532 0130 00"]);
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Great sprint, team!", language = "en", account = new { kind = "private" } }, ("Screenshot_2024.png", png)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("Winter2024!x", body, StringComparison.Ordinal);
        var findings = JsonNode.Parse(body)!["findings"]!.AsArray();
        var credential = findings.First(f => (string?)f!["category"] == "credential" && f["box"] is not null)!;
        AssertOnLine(credential["box"]!, lines[1]);
        Assert.Contains(findings, f => (string?)f!["category"] == "pii" && f!["box"] is not null);
    }

    [Fact]
    public async Task A_page_full_of_text_is_a_hint_for_confidential_review()
    {
        RequireTesseract();
        var words = "Quartalsplanung Vertrieb Region Sued Kunden Angebote Termine Besuche Messen Schulungen".Split(' ');
        var lines = Enumerable.Range(0, 24).Select(i => string.Join(' ', Enumerable.Range(0, 6).Select(j => words[((i * 6) + j) % words.Length]))).ToList();
        var (png, _) = TestImages.TextPng(lines, size: 30);
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Kleiner Einblick in unsere Woche", language = "de", account = new { kind = "private" } }, ("folie.png", png)));

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        var hint = answer["findings"]!.AsArray().Single(f => (string?)f!["ruleId"] == "confidential.text-in-image")!;
        Assert.Equal("review", (string?)hint["severity"]);
        Assert.Equal(0, (int)hint["attachment"]!);
        Assert.Matches("^folie.png: [0-9]+ Wörter$", (string?)hint["evidence"]);
        Assert.Equal("review", (string?)answer["decision"]);
    }

    [Fact]
    public async Task A_few_words_in_a_photo_are_no_hint()
    {
        RequireTesseract();
        var (png, _) = TestImages.TextPng(["Willkommen im Sommerfest!"], 800, 400);
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Sommerfest!", account = new { kind = "private" } }, ("fest.png", png)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(JsonNode.Parse(body)!["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "confidential.text-in-image");
    }

    [Fact]
    public async Task Rights_fields_naming_someone_else_inform_the_media_rule_unless_a_licence_is_attested()
    {
        var photo = TestImages.WithExif(TestImages.Photo(), copyright: "(c) Getty Images");
        using var client = Employee();

        var (_, own) = await Post(client, Form(new { text = "Schönes Bild", language = "de", attachments = new[] { new { fileName = "x.jpg", mediaType = "image/jpeg", license = "own" } } }, ("bild.jpg", photo)));
        var (_, licensed) = await Post(client, Form(new { text = "Schönes Bild", language = "de", attachments = new[] { new { fileName = "x.jpg", mediaType = "image/jpeg", license = "licensed" } } }, ("bild.jpg", photo)));

        var foreign = JsonNode.Parse(own)!["findings"]!.AsArray().Single(f => (string?)f!["ruleId"] == "media.rights-foreign")!;
        Assert.Equal("bild.jpg: © (c) Getty Images", (string?)foreign["evidence"]);
        Assert.Equal("foreign", (string?)JsonNode.Parse(own)!["attachments"]![0]!["rights"]!["status"]);
        Assert.DoesNotContain(JsonNode.Parse(licensed)!["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "media.rights-foreign");
    }

    [Fact]
    public async Task The_authors_own_name_in_the_rights_fields_is_own()
    {
        var (_, name, key) = factory.NewPerson("Erika Muster", "employee");
        using var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var photo = TestImages.WithExif(TestImages.Photo(), artist: name);

        var (_, body) = await Post(client, Form(new { text = "Mein Bild", account = new { kind = "private" } }, ("mein.jpg", photo)));

        var answer = JsonNode.Parse(body)!;
        Assert.Equal("own", (string?)answer["attachments"]![0]!["rights"]!["status"]);
        Assert.DoesNotContain(answer["findings"]!.AsArray(), f => ((string?)f!["ruleId"])!.StartsWith("media.rights", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_with_400_before_it_is_decoded()
    {
        var bomb = TestImages.PixelBomb(12_000);
        Assert.True(bomb.Length < 1_000_000, $"the bomb is small on the wire ({bomb.Length} bytes) and 144 MB decoded");
        using var client = Employee();

        var watch = Stopwatch.StartNew();
        var (status, body) = await Post(client, Form(new { text = "Hallo" }, ("bomb.png", bomb)));

        Assert.True(watch.Elapsed < TimeLimit, $"answered after {watch.Elapsed}, the limit is {TimeLimit}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = JsonNode.Parse(body)!;
        Assert.Contains("12000 × 12000", (string?)problem["errors"]!["images[0]"]![0], StringComparison.Ordinal);
        Assert.NotNull(problem["detailDe"]);
    }

    [Fact]
    public async Task A_PNG_whose_text_chunk_inflates_to_gigabytes_is_refused_with_400()
    {
        var bomb = TestImages.TextChunkBomb(64 * 1024 * 1024);
        using var client = Employee();

        var watch = Stopwatch.StartNew();
        var (status, body) = await Post(client, Form(new { text = "Hallo" }, ("ok.png", TestImages.TextPng(["Hallo"], 200, 100).Png), ("bomb.png", bomb)));

        Assert.True(watch.Elapsed < TimeLimit, $"answered after {watch.Elapsed}, the limit is {TimeLimit}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("decompression bomb", (string?)JsonNode.Parse(body)!["errors"]!["images[1]"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_JPEG_is_refused_with_400()
    {
        var photo = TestImages.WithExif(TestImages.Photo(), lat: 52.52, lon: 13.405);
        var cut = photo[..(photo.Length * 6 / 10)];
        using var client = Employee();

        var watch = Stopwatch.StartNew();
        var (status, body) = await Post(client, Form(new { text = "Hallo" }, ("cut.jpg", cut)));

        Assert.True(watch.Elapsed < TimeLimit, $"answered after {watch.Elapsed}, the limit is {TimeLimit}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var problem = JsonNode.Parse(body)!;
        Assert.Contains("cut off", (string?)problem["errors"]!["images[0]"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_no_image_is_refused_with_415_naming_it()
    {
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Hallo" }, ("notes.txt", "Passwort: geheim"u8.ToArray())));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]!["images[0]"]);
    }

    [Fact]
    public async Task More_images_than_allowed_are_refused_with_400()
    {
        var photo = TestImages.Photo(64, 48);
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "Hallo" }, [.. Enumerable.Range(0, 5).Select(i => ($"p{i}.jpg", photo))]));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("At most 4 images", (string?)JsonNode.Parse(body)!["errors"]!["images"]![0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_draft_is_a_problem_naming_its_field_as_in_a_JSON_check()
    {
        using var client = Employee();

        var (status, body) = await Post(client, Form(new { text = "" }, ("p.jpg", TestImages.Photo(64, 48))));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(JsonNode.Parse(body)!["errors"]!["text"]);
    }

    [Fact]
    public async Task The_clean_copy_has_no_metadata_left()
    {
        var photo = TestImages.WithExif(TestImages.Photo(), lat: 48.137_04, lon: 11.575_56, copyright: "Acme", artist: "Erika");
        Assert.Contains(ImageMetadataReader.ReadMetadata(new MemoryStream(photo)), d => d is GpsDirectory);
        using var client = Employee();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(photo), "image", "IMG_2041.jpg" } };

        using var response = await client.PostAsync("/api/v1/checks/clean-copy", form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("IMG_2041-clean.jpg", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var copy = await response.Content.ReadAsByteArrayAsync(Ct);
        var directories = ImageMetadataReader.ReadMetadata(new MemoryStream(copy));
        Assert.DoesNotContain(directories, d => d is ExifDirectoryBase or GpsDirectory or IptcDirectory or XmpDirectory);
        Assert.DoesNotContain(directories.SelectMany(d => d.Tags), t => t.Name.Contains("GPS", StringComparison.OrdinalIgnoreCase) || t.Name.Contains("Copyright", StringComparison.OrdinalIgnoreCase));
        using var decoded = SkiaSharp.SKBitmap.Decode(copy);
        Assert.Equal((1600, 1200), (decoded.Width, decoded.Height));

        // The copy checks clean: no location finding any more.
        var (_, body) = await Post(client, Form(new { text = "Feierabend" }, ("IMG_2041-clean.jpg", copy)));
        Assert.DoesNotContain(JsonNode.Parse(body)!["findings"]!.AsArray(), f => (string?)f!["category"] == "location");
    }

    [Fact]
    public async Task The_clean_copy_of_a_PNG_drops_its_text_chunks()
    {
        var png = TestImages.WithPngText(TestImages.TextPng(["Hallo"], 300, 100).Png, "Author", "Erika Muster");
        Assert.Contains(ImageMetadataReader.ReadMetadata(new MemoryStream(png)).OfType<PngDirectory>(), d => d.ContainsTag(PngDirectory.TagTextualData));
        using var client = Employee();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(png), "image", "karte.png" } };

        using var response = await client.PostAsync("/api/v1/checks/clean-copy", form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var copy = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.DoesNotContain(ImageMetadataReader.ReadMetadata(new MemoryStream(copy)).OfType<PngDirectory>(), d => d.ContainsTag(PngDirectory.TagTextualData));
    }

    [Fact]
    public async Task A_turned_photo_is_reported_upright()
    {
        var photo = TestImages.WithExif(TestImages.Photo(400, 300), orientation: 6);
        using var client = Employee();

        var (_, body) = await Post(client, Form(new { text = "Hallo" }, ("hoch.jpg", photo)));

        var report = JsonNode.Parse(body)!["attachments"]![0]!;
        Assert.Equal((300, 400), ((int)report["width"]!, (int)report["height"]!));
    }

    [Fact]
    public async Task The_decision_log_keeps_the_image_findings_without_their_text()
    {
        RequireTesseract();
        var (png, _) = TestImages.TextPng(Whiteboard);
        using var client = Employee();

        var (_, body) = await Post(client, Form(new { text = "Whiteboard", account = new { kind = "private" } }, ("wb.png", png)));

        var checkId = (string)JsonNode.Parse(body)!["checkId"]!;
        using var mine = await client.GetAsync("/api/v1/decisions/mine", Ct);
        var log = await mine.Content.ReadAsStringAsync(Ct);
        Assert.Contains(checkId, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Blaubeere", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Protokoll", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_text_recognition_off_the_answer_says_the_images_were_not_read()
    {
        var api = factory.WithWebHostBuilder(b => b.UseSetting("Policy:Attachments:ReadText", "false"));
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.NewKey("employee"));
        var (png, _) = TestImages.TextPng(Whiteboard);
        var photo = TestImages.WithExif(TestImages.Photo(), lat: 48.137_04, lon: 11.575_56);

        var (status, body) = await Post(client, Form(new { text = "Whiteboard", language = "en", account = new { kind = "private" } }, ("wb.png", png), ("garten.jpg", photo)));

        Assert.Equal(HttpStatusCode.OK, status);
        var answer = JsonNode.Parse(body)!.AsObject();
        foreach (var report in answer["attachments"]!.AsArray())
        {
            Assert.Equal("off", (string?)report!["text"]);
            Assert.Equal("Text in images is not read on this server; check yourself what the image shows.", (string?)report["note"]);
            Assert.Null(report["words"]);
        }

        // Nothing read from the whiteboard, but the photo's location is still found.
        Assert.DoesNotContain(answer["findings"]!.AsArray(), f => f!["box"] is not null);
        Assert.Contains(answer["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "location.gps" && (int?)f["attachment"] == 1);
    }

    [Fact]
    public async Task Text_not_read_within_the_time_limit_sends_the_draft_to_review_and_the_reader_is_killed()
    {
        RequireTesseract();
        var api = factory.WithWebHostBuilder(b => b.UseSetting("Policy:Attachments:TimeLimit", "00:00:00.300"));
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", factory.NewKey("employee"));
        var (png, _) = TestImages.TextPng(Whiteboard);

        var watch = Stopwatch.StartNew();
        var (status, body) = await Post(client, Form(new { text = "Whiteboard", language = "de", account = new { kind = "private" } }, ("wb.png", png)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"answered after {watch.Elapsed}");
        var answer = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("unread", (string?)answer["attachments"]![0]!["text"]);
        Assert.Contains("Zeit", (string?)answer["attachments"]![0]!["note"], StringComparison.Ordinal);
        Assert.Contains(answer["findings"]!.AsArray(), f => (string?)f!["ruleId"] == "confidential.image-unread");
        Assert.Equal("review", (string?)answer["decision"]);
        Assert.Empty(OurTesseracts());
    }

    /// <summary>Tesseract processes this test process started that still run.</summary>
    private static List<int> OurTesseracts()
    {
        var me = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ours = new List<int>();
        foreach (var p in Process.GetProcessesByName("tesseract"))
        {
            try
            {
                // /proc/<pid>/stat: pid (comm) state ppid …
                var stat = File.ReadAllText($"/proc/{p.Id}/stat");
                if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == me)
                {
                    ours.Add(p.Id);
                }
            }
            catch (IOException)
            {
                // Ended meanwhile.
            }
        }

        return ours;
    }
}
