using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Policy.Api.Attachments;
using Policy.Api.Tests.Attachments;
using Policy.Core.Attachments;
using SkiaSharp;

// Time to read the text of an image, as POST /api/v1/checks does it (decode, orient, grey copy at
// most Policy:Attachments:ReadPixels, Tesseract deu+eng through a pipe), per image kind:
//   a phone screenshot of a chat (1080 × 1920 PNG, 34 lines of text),
//   a 12-megapixel photo (4000 × 3000 JPEG, a sign with two lines of text; scaled to 8 MP to be read),
//   the same photo with text reading off (decode and metadata only).
// Each is run `runs` times (default 5) after one warm-up; min, median and max wall-clock time are
// printed, and the CPU time (this process and the Tesseract it waited for, from /proc/self/stat),
// which a busy machine inflates far less than the wall clock.
//   dotnet run -c Release --project bench/Policy.ImageBench [-- runs]
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var options = new AttachmentOptions();
var reader = new TesseractReader(Options.Create(options), NullLogger<TesseractReader>.Instance);

string[] chat =
[
    "Anna: Hast du die Folien für morgen?", "Ben: Ja, schicke ich gleich", "Anna: Kunde will 12 % Rabatt",
    "Ben: Das geht nur bis Freitag", "Anna: ok, ich sag es dem Vertrieb", "Ben: Passwort fürs Portal: Sommer2024!",
    "Anna: danke! Und die IBAN?", "Ben: DE89 3704 0044 0532 0130 00", "Anna: perfekt", "Ben: Meeting um 14 Uhr?",
    "Anna: passt, Raum 3.12", "Ben: bring bitte den Laptop mit", "Anna: mach ich", "Ben: hast du die Zahlen?",
    "Anna: Umsatz Q3 liegt bei 4,2 Mio", "Ben: intern, nicht weitergeben", "Anna: klar", "Ben: bis später",
];
var (screenshot, _) = TestImages.TextPng([.. chat, .. chat[..16]], 1080, 1920, 30);
var photo = Photo(4000, 3000);

Console.WriteLine($"{runs} runs each after a warm-up; Tesseract {Version()}, {Environment.ProcessorCount} cores, load {Load()}");
await Time("screenshot 1080 × 1920 PNG, read", screenshot, read: true);
await Time("photo 4000 × 3000 JPEG (12 MP), read at 8 MP", photo, read: true);
await Time("photo 4000 × 3000 JPEG (12 MP), decode only", photo, read: false);
return 0;

async Task Time(string what, byte[] image, bool read)
{
    var times = new List<double>();
    var cpu = new List<double>();
    var words = 0;
    for (var i = 0; i <= runs; i++)
    {
        var cpuBefore = CpuMs();
        var watch = Stopwatch.StartNew();
        using (var upright = ImageDecoder.Decode(image, options, "bench"))
        {
            if (read)
            {
                var (pgm, _) = ImageDecoder.ForReading(upright, options.ReadPixels);
                var recognized = new RecognizedText(await reader.ReadAsync(pgm, CancellationToken.None) ?? throw new InvalidOperationException("tesseract failed"));
                words = recognized.WordCount;
            }
        }

        if (i > 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu.Add(CpuMs() - cpuBefore);
        }
    }

    times.Sort();
    cpu.Sort();
    Console.WriteLine($"{what}: wall min {times[0]:N0} ms, median {times[times.Count / 2]:N0} ms, max {times[^1]:N0} ms; CPU median {cpu[cpu.Count / 2]:N0} ms{(read ? $", {words} words" : string.Empty)}");
}

// utime + stime + cutime + cstime of this process, in clock ticks of 10 ms.
static double CpuMs()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture) + long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture)) * 10.0;
}

static byte[] Photo(int width, int height)
{
    using var typeface = SKTypeface.FromFile(TestImages.FontPath);
    using var font = new SKFont(typeface, 90);
    using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
    using var canvas = new SKCanvas(bitmap);
    // A noisy scene (sky gradient, grass texture) so the JPEG and the reader see a photo, not a flat drawing.
    using var sky = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [new SKColor(90, 150, 220), new SKColor(200, 220, 240)], SKShaderTileMode.Clamp) };
    canvas.DrawRect(0, 0, width, height, sky);
    var random = new Random(7);
    using var grass = new SKPaint();
    for (var i = 0; i < 40_000; i++)
    {
        grass.Color = new SKColor((byte)random.Next(30, 90), (byte)random.Next(100, 170), (byte)random.Next(20, 70));
        canvas.DrawCircle(random.Next(width), (height * 0.6f) + random.Next((int)(height * 0.4f)), random.Next(2, 9), grass);
    }

    using var sign = new SKPaint { Color = SKColors.White };
    using var ink = new SKPaint { Color = new SKColor(20, 40, 120), IsAntialias = true };
    canvas.DrawRect(1200, 700, 1600, 420, sign);
    canvas.DrawText("Werk 2 – Anlieferung", 1260, 860, SKTextAlign.Left, font, ink);
    canvas.DrawText("Tor 4, nur mit Ausweis", 1260, 1010, SKTextAlign.Left, font, ink);
    using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 88);
    return TestImages.WithExif(data.ToArray(), lat: 48.137_04, lon: 11.575_56);
}

static string Version()
{
    using var p = Process.Start(new ProcessStartInfo("tesseract", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
    var first = p.StandardOutput.ReadLine() ?? p.StandardError.ReadLine() ?? "?";
    p.WaitForExit();
    return first.Replace("tesseract ", string.Empty, StringComparison.Ordinal);
}

static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
