using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Microsoft.Playwright;
using Policy.Api.Tests.Attachments;
using static Policy.Web.Tests.PageSession;

namespace Policy.Web.Tests;

/// <summary>Photos on the pre-check page: taken (the camera input), checked as files, the location warned about, the copy without it used.</summary>
public sealed class PhotoTests(WebServer server, Browser browser)
{
    [Fact]
    public async Task A_photo_taken_on_the_page_warns_about_its_location_and_the_copy_without_it_is_used_and_offered()
    {
        Assert.SkipUnless(
            (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(d => File.Exists(Path.Combine(d, "tesseract"))),
            "Tesseract was not found: apt-get install tesseract-ocr tesseract-ocr-deu tesseract-ocr-eng");
        var page = await OpenSignedInAsync(browser, server, "/", server.NewKey("employee"));
        await page.Locator("#draft").FillAsync("Feierabend im Garten");
        await WaitForDecisionAsync(page, "allow");

        // The camera's answer: a JPEG with the position in its EXIF, as a phone writes it.
        var photo = TestImages.WithExif(TestImages.Photo(800, 600), lat: 48.137_04, lon: 11.575_56);
        await page.Locator("#photo-take").SetInputFilesAsync(new FilePayload { Name = "IMG_2041.jpg", MimeType = "image/jpeg", Buffer = photo });

        var warning = page.Locator("#photos .location-warning[data-location='building']");
        await warning.WaitForAsync();
        Assert.Contains("verrät, wo es aufgenommen wurde", await warning.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Gebäude", await warning.InnerTextAsync(), StringComparison.Ordinal);
        await WaitForDecisionAsync(page, "warn");
        var location = page.Locator("#findings li[data-rule='location.gps']");
        Assert.Equal(1, await location.CountAsync());
        Assert.Contains("Bild 1", await location.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Fairphone FP5", await page.Locator("#photos .photo-report").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "precheck-photo-location-desktop");

        await warning.Locator("button[data-clean-copy]").ClickAsync();
        await page.Locator("#photos [data-cleaned]").WaitForAsync();
        // Only the missing alt text is left; no location any more.
        await WaitForDecisionAsync(page, "info");
        Assert.Equal(0, await page.Locator("#photos .location-warning").CountAsync());
        Assert.Equal(0, await page.Locator("#findings li[data-rule='location.gps']").CountAsync());
        Assert.Contains("IMG_2041-clean.jpg", await page.Locator("#photos .photo-legend").InnerTextAsync(), StringComparison.Ordinal);
        await browser.ScreenshotAsync(page, "precheck-photo-clean-desktop");

        // The copy offered for download is the one without metadata.
        var link = page.Locator("#photos a.download");
        Assert.StartsWith("blob:", await link.GetAttributeAsync("href"), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("IMG_2041-clean.jpg", download.SuggestedFilename);
        var copy = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        var directories = ImageMetadataReader.ReadMetadata(new MemoryStream(copy));
        Assert.DoesNotContain(directories, d => d is GpsDirectory or ExifDirectoryBase);
        Assert.Empty(browser.Errors[page]);
        await page.Context.CloseAsync();
    }
}
