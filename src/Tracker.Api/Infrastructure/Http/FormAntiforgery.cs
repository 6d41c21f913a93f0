using Microsoft.AspNetCore.Antiforgery;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The framework's antiforgery middleware checks every form post to an endpoint that binds form fields; a failed
/// check answers 400 here, before the handler reads the form. (The compiled request delegates read the form without
/// looking at the check, and the framework's guard would then surface as a 500.)
/// </summary>
public static class FormAntiforgery
{
    public static IApplicationBuilder UseFormAntiforgery(this IApplicationBuilder app)
    {
        app.UseAntiforgery();
        return app.Use(async (context, next) =>
        {
            if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await ErrorHandling.WriteAsync(context, StatusCodes.Status400BadRequest, EnvelopeExceptionHandler.FormExpired, null, null);
                return;
            }
            await next(context);
        });
    }
}
