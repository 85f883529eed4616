// Render a hoso dossier through `hoso serve` from C# (.NET 6 or later), as a commendation
// system would: the dossier in a part named "dossier", each file it names in a part named by
// its relative path. Run with `dotnet run -- http://127.0.0.1:8080 samples/vi-nguoi-ngheo-2023.json ho-so.zip`.
using System.Net.Http.Headers;
using System.Text.Json;

var (url, dossierPath, outPath) = (args[0], args[1], args[2]);
var folder = Path.GetDirectoryName(Path.GetFullPath(dossierPath))!;
var text = await File.ReadAllBytesAsync(dossierPath);

using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
var token = Environment.GetEnvironmentVariable("HOSO_TOKEN");
if (!string.IsNullOrEmpty(token))
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("vi");

MultipartFormDataContent Body()
{
    var form = new MultipartFormDataContent { { new ByteArrayContent(text), "dossier", "dossier.json" } };
    foreach (var rel in NamedFiles(JsonDocument.Parse(text).RootElement))
        form.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(folder, rel))), rel, Path.GetFileName(rel));
    return form;
}

var check = await http.PostAsync($"{url}/v1/check", Body());
using var result = JsonDocument.Parse(await check.Content.ReadAsStringAsync());
foreach (var p in result.RootElement.GetProperty("problems").EnumerateArray())
    Console.WriteLine($"{p.GetProperty("severity")}: {p.GetProperty("path")}: {p.GetProperty("message")}");
if (!result.RootElement.GetProperty("valid").GetBoolean()) return 1;

var render = await http.PostAsync($"{url}/v1/render", Body());
if ((int)render.StatusCode == 503)
{
    Console.WriteLine($"busy; retry after {render.Headers.RetryAfter}");
    return 2;
}
render.EnsureSuccessStatusCode();
await File.WriteAllBytesAsync(outPath, await render.Content.ReadAsByteArrayAsync());
Console.WriteLine($"{outPath} written");
return 0;

// Every file path a dossier names: evidence lists and *_image fields.
static IEnumerable<string> NamedFiles(JsonElement e)
{
    var found = new SortedSet<string>();
    void Walk(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Object)
            foreach (var p in v.EnumerateObject())
            {
                if (p.Name == "evidence" && p.Value.ValueKind == JsonValueKind.Array)
                    foreach (var x in p.Value.EnumerateArray()) found.Add(x.GetString()!);
                else if (p.Name.EndsWith("_image") && p.Value.ValueKind == JsonValueKind.String)
                    found.Add(p.Value.GetString()!);
                else Walk(p.Value);
            }
        else if (v.ValueKind == JsonValueKind.Array)
            foreach (var x in v.EnumerateArray()) Walk(x);
    }
    Walk(e);
    return found;
}
