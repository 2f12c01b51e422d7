using System.Text.Json;
using ConvoMono.Tests.Support;

namespace ConvoMono.Tests.Features.DoNotCall;

public sealed class DncOpenApiTests(TestApps apps)
{
    [Fact]
    public async Task The_document_describes_both_lists_with_their_access_and_the_upload_form()
    {
        var api = await apps.ApiAsync(Db.Sqlite);
        using var http = api.Anonymous();
        var paths = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");

        string Access(string path, string method) => paths.GetProperty(path).GetProperty(method).GetProperty("x-access").GetString()!;
        foreach (var (path, method) in new[] { ("/api/v1/dnc", "post"), ("/api/v1/dnc", "get"), ("/api/v1/dnc/import", "post"), ("/api/v1/dnc/{phone}", "delete") })
            Assert.Equal("client", Access(path, method));
        foreach (var (path, method) in new[] { ("/api/v1/admin/dnc", "post"), ("/api/v1/admin/dnc", "get"), ("/api/v1/admin/dnc/import", "post"), ("/api/v1/admin/dnc/{phone}", "delete") })
            Assert.Equal("super_admin", Access(path, method));

        var listParameters = paths.GetProperty("/api/v1/dnc").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["cursor", "limit", "search"], listParameters.Order());

        var upload = paths.GetProperty("/api/v1/dnc/import").GetProperty("post").GetProperty("requestBody").GetProperty("content");
        Assert.True(upload.TryGetProperty("multipart/form-data", out _));
        Assert.True(paths.GetProperty("/api/v1/dnc/import").GetProperty("post").GetProperty("responses").TryGetProperty("413", out _));
        Assert.True(paths.GetProperty("/api/v1/dnc").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
    }
}
