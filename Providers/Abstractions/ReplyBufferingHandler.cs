namespace ProductDescriber.Providers.Abstractions;

/// <summary>
/// Inside each attempt of <see cref="AiProviderResilience"/>: reads the reply whole before the attempt ends, so the
/// attempt timeout also cuts a reply that stalls half-way and a body that breaks off is a failed attempt, retried like
/// a failed connection. A streamed reply (server-sent events) stays the caller's to read as it arrives.
/// </summary>
internal sealed class ReplyBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            return response;
        }

        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
