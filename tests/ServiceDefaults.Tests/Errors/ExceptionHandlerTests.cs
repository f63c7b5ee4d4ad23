using System.Net;
using Lakehouse.ServiceDefaults.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.ServiceDefaults.Tests.Errors;

public sealed class ExceptionHandlerTests
{
    private const string Secret = "connection-string-password-7f3a";

    [Theory]
    [InlineData("Development", "application/json")]
    [InlineData("Development", "text/html")]
    [InlineData("Production", "application/json")]
    public async Task An_unhandled_exception_answers_a_bare_500_that_shows_neither_the_exception_nor_its_stack(string environment, string accept)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = LoopbackApp.CreateBuilder("lakehouse-errors", environmentName: environment);
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        app.UseDefaultExceptionHandler();
        app.MapGet("/fails", string () => throw new InvalidOperationException($"The database refused {Secret}"));
        await app.StartAsync(ct);
        using var client = app.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/fails");
        request.Headers.Accept.ParseAdd(accept);
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ExceptionHandlerTests), body, StringComparison.Ordinal);
        if (accept == "application/json")
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("\"status\":500", body, StringComparison.Ordinal);
        }
    }
}
