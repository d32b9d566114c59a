using System.Net;
using System.Text;

namespace ProductDescriber.GraphQLServer.Ide;

/// <summary>
/// What a browser gets for <c>GET /graphql</c>: Banana Cake Pop in a full-window frame, and on the browser's first
/// visit a new tab holding the starter document (Login and Me), which the IDE cannot be configured to open.
/// </summary>
/// <remarks>
/// Banana Cake Pop 18.0.0 shows its welcome screen whenever no tab is open, whatever <c>bcp-config.json</c> says:
/// its <c>graphQLDocument</c> and <c>variables</c> only fill the documents a user creates ("Create Document", "+",
/// Ctrl+Alt+T), and the bundle reads no setting or query parameter that opens one (checked in main.*.js). The IDE's
/// own page cannot carry a script of ours either: its files are served unchanged (licence), and its service worker
/// answers every later navigation under <c>/graphql/</c> with the index.html it precached. This page sits outside
/// the worker's scope (<c>/graphql</c>, no slash), frames the IDE from the same origin and, once per browser, presses
/// "Create Document" for the visitor. Everything else is the IDE itself, unchanged.
/// </remarks>
internal static class IdeStarterPage
{
    /// <param name="mount">The IDE's path, e.g. <c>/graphql</c>; this page answers there, the IDE one level down.</param>
    /// <param name="title">Shown until the IDE sets its own title.</param>
    public static byte[] Create(PathString mount, string title)
    {
        // Relative to the page's own URL (.../graphql), so a PathBase or a proxy prefix needs nothing here.
        var segment = mount.Value![(mount.Value!.LastIndexOf('/') + 1)..];
        var ide = WebUtility.HtmlEncode(Uri.EscapeDataString(segment) + "/");
        return Encoding.UTF8.GetBytes(Template
            .Replace("{{title}}", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("{{ide}}", ide, StringComparison.Ordinal));
    }

    private const string Template =
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{title}}</title>
        <link rel="icon" href="{{ide}}favicon.svg" type="image/svg+xml">
        <style>html,body{margin:0;height:100%;overflow:hidden}iframe{display:block;width:100%;height:100%;border:0}</style>
        </head>
        <body>
        <iframe id="ide" src="{{ide}}" title="Banana Cake Pop GraphQL IDE" allow="clipboard-read; clipboard-write"></iframe>
        <script>
        (() => {
          // Set once this browser has had the starter document, so a visitor who closes it is not given it again.
          const done = 'productDescriber.ide.starterDocumentOpened';
          const frame = document.getElementById('ide');
          let armed = !localStorage.getItem(done);
          frame.addEventListener('load', () => {
            const ide = frame.contentWindow;
            frame.focus();
            // The IDE names the open tab in its title: show it on the browser's tab too.
            const follow = () => { if (ide.document.title) document.title = ide.document.title; };
            new MutationObserver(follow).observe(ide.document.head, { childList: true, subtree: true, characterData: true });
            follow();
            if (!armed) return;
            const started = Date.now();
            const poll = setInterval(() => {
              if (ide.document.querySelector('.monaco-editor')) {
                // A document is open already (opened before, or restored after the reload below).
                clearInterval(poll);
                armed = false;
                localStorage.setItem(done, new Date().toISOString());
                return;
              }
              const create = Array.from(ide.document.querySelectorAll('button'))
                .find(button => button.textContent.trim() === 'Create Document');
              if (!create) {
                if (Date.now() - started > 60000) clearInterval(poll);
                return;
              }
              clearInterval(poll);
              create.click();
              localStorage.setItem(done, new Date().toISOString());
              // On a first visit the IDE reloads itself when its service worker takes over; should the new tab not
              // have been saved by then, open it again after that one reload.
              const worker = ide.navigator.serviceWorker;
              armed = !!worker && !worker.controller;
            }, 100);
          });
        })();
        </script>
        </body>
        </html>
        """;
}
