using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dvt.Coordinator.Dashboard;

/// <summary>
/// The operator's web dashboard at /ui/: three static files embedded in this assembly (no CDN, nothing fetched from
/// elsewhere: the page works on a machine without a network) and GET /ui/api/state, the JSON the page polls.
/// Map it wherever the Web3Signer API is mapped: the state holds only what that listener already serves
/// (/metrics, /healthcheck, the public keys) plus the registry's public views, so it moves with that listener.
/// </summary>
public static class DashboardEndpoints
{
    public const string Prefix = "/ui";
    public const string StatePath = Prefix + "/api/state";

    /// <summary>Only the page may run here: its own script and style, its own origin, no frames, no inline code.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly IReadOnlyDictionary<string, (string Resource, string ContentType)> Assets = new Dictionary<string, (string, string)>
    {
        [""] = ("index.html", "text/html; charset=utf-8"),
        ["index.html"] = ("index.html", "text/html; charset=utf-8"),
        ["dashboard.js"] = ("dashboard.js", "text/javascript; charset=utf-8"),
        ["dashboard.css"] = ("dashboard.css", "text/css; charset=utf-8"),
    };

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app, DashboardFeed feed)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(feed);
        // Routing matches "/ui" and "/ui/" alike; the page's relative links need the slash.
        app.MapGet(Prefix, (HttpContext context) =>
        {
            if (context.Request.Path.Value?.EndsWith('/') == true)
                return ServeAssetAsync(context, "");
            context.Response.Redirect(Prefix + "/");
            return Task.CompletedTask;
        });
        app.MapGet(Prefix + "/{file}", (HttpContext context, string file) => ServeAssetAsync(context, file));
        app.MapGet(StatePath, async (HttpContext context) =>
        {
            var state = await feed.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            Secure(context);
            context.Response.Headers.CacheControl = "no-store";
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(state.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }

    private static async Task ServeAssetAsync(HttpContext context, string file)
    {
        if (!Assets.TryGetValue(file, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("Dvt.Coordinator.Dashboard." + asset.Resource)
            ?? throw new InvalidOperationException($"the dashboard asset {asset.Resource} is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}");
        Secure(context);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = asset.ContentType;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static void Secure(HttpContext context)
    {
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
