using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Tracker.Api.Infrastructure.Http;

namespace Tracker.Api.Features.Imports;

/// <summary>
/// Where the file is in the request: the <c>file</c> part of a <c>multipart/form-data</c> body (read section by
/// section, never buffered), or the whole body otherwise (<c>text/csv</c>, or <c>application/zip</c> for an archive).
/// A JSON or URL-encoded body cannot carry a file: 422.
/// </summary>
public static class ImportUpload
{
    public const string Field = "file";

    public static async Task<Stream> FileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > ImportFile.MaxBytes)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The file is larger than {ImportFile.MaxBytes / 1024 / 1024} MiB.");
        if (request.HasJsonContentType() || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            throw ApiException.Invalid(Field, "Send the file as the multipart/form-data field \"file\", or as the request body with Content-Type text/csv.");
        if (!request.HasFormContentType) return request.Body;

        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? HeaderUtilities.RemoveQuotes(type.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary)) throw ApiException.Invalid(Field, "The multipart/form-data body names no boundary.");
        var reader = new MultipartReader(boundary, request.Body);
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(Field, StringComparison.Ordinal))
                    return section.Body;
        }
        catch (IOException)
        {
            throw ApiException.BadRequest("The multipart/form-data body could not be read.");
        }
        catch (InvalidDataException)
        {
            throw ApiException.BadRequest("The multipart/form-data body could not be read.");
        }
        throw ApiException.Invalid(Field, "The file field is required.");
    }
}
