package io.hindsight.gateway.ops;

import io.hindsight.gateway.GatewayConfig;

/** The HTML page at /: what this process serves, with links and a curl example. Rendered once at start. */
final class HomePage {
    private HomePage() {
    }

    static String render(GatewayConfig config) {
        String routes = config.gatewayRoutesEnabled() ? """
                <h2>Live dashboard</h2>
                <p class="cta"><a href="/dashboard">Watch the models &rarr;</a> rolling RMSLE, MAE, accuracy, coverage
                and feedback lag per task and alias, updating as the ground truth arrives.</p>
                <table>
                  <tr><td><a href="/v1/metrics/rolling?task=calories"><code>GET /v1/metrics/rolling?task=calories|digits|rps</code></a></td>
                      <td>the last hour of <code>metrics.rolling</code> per model version and alias, as JSON</td></tr>
                  <tr><td><a href="/v1/metrics/drift?task=calories"><code>GET /v1/metrics/drift?task=calories|digits</code></a></td>
                      <td>the last hour of <code>drift</code> reports per feature (PSI, KS), as JSON</td></tr>
                </table>
                <h2>Digits</h2>
                <p class="cta"><a href="/digits">Draw a digit &rarr;</a> a CNN guesses it as you draw; tell it whether
                it was right and watch each model's running accuracy.</p>
                <table>
                  <tr><th>route</th><th>body</th><th>answer</th></tr>
                  <tr><td><code>POST /v1/digits/predict</code></td><td><code>{"id"?, "pixels"|"bitmap"|"strokes"}</code></td>
                      <td><code>{"id","digit","probabilities","top3","model","shadows","replay"}</code></td></tr>
                  <tr><td><code>POST /v1/digits/feedback</code></td><td><code>{"id","label"}</code></td>
                      <td>202 <code>{"accepted":true,"id"}</code></td></tr>
                  <tr><td><a href="/v1/digits/accuracy"><code>GET /v1/digits/accuracy</code></a></td><td></td>
                      <td>per alias and version: scored, correct, accuracy, latest rolling window</td></tr>
                  <tr><td><code>WS /v1/digits/live</code></td><td>draft and answer frames</td>
                      <td>guess, recorded, accuracy and error frames</td></tr>
                  <tr><td><code>POST /v1/models/digits?family=F&amp;alias=A</code></td><td>ONNX bytes, admin token</td>
                      <td>201 the new model version (ADMIN)</td></tr>
                  <tr><td><a href="/v1/models"><code>GET /v1/models?task=T</code></a></td><td></td>
                      <td>every model version with its aliases and lineage, and every alias</td></tr>
                  <tr><td><code>GET /v1/models/{version}?full=true</code></td><td></td>
                      <td>one model version with its provenance</td></tr>
                  <tr><td><code>PUT /v1/models/{task}/{family}/aliases/{alias}</code></td><td><code>{"version","reason"?}</code>, admin token</td>
                      <td>200 the alias assignment (ADMIN)</td></tr>
                </table>
                <h2>Rock, paper, scissors</h2>
                <p class="cta"><a href="/rps">Play the bot &rarr;</a> first to 10 points; a model predicts your next
                move, and the bot shows a hash of its own move before you choose, so you can check it never cheats.</p>
                <table>
                  <tr><th>route</th><th>body</th><th>answer</th></tr>
                  <tr><td><code>POST /v1/rps/games</code></td><td><code>{"easy"?, "family"?: "forrest"|"logan"|"brian"}</code></td>
                      <td>201 the game: round 1's value and the bot's <code>commitment</code></td></tr>
                  <tr><td><code>GET /v1/rps/games/{id}</code></td><td></td><td>the game's latest state</td></tr>
                  <tr><td><code>POST /v1/rps/games/{id}/moves</code></td><td><code>{"round","move":"rock"|"paper"|"scissors"}</code></td>
                      <td>the game with the round revealed (bot move and salt) and the next commitment or the winner;
                      409 <code>{"code"}</code> when the game is over or another round is in play</td></tr>
                  <tr><td><a href="/v1/rps/stats"><code>GET /v1/rps/stats</code></a></td><td></td>
                      <td>games finished here, player and bot wins per family and alias</td></tr>
                  <tr><td><code>WS /v1/rps/live</code></td><td>start, move and resume frames</td>
                      <td>state and error frames</td></tr>
                  <tr><td><a href="/v1/promotions"><code>GET /v1/promotions?task=&amp;family=&amp;limit=50</code></a></td><td></td>
                      <td>the promotion ledger, newest first: every challenger evaluation with its evidence</td></tr>
                  <tr><td><code>POST /v1/promotions/override</code></td><td><code>{"task","family","alias","version","reason"}</code>, admin token</td>
                      <td>200 the ledger entry and the alias move it made (ADMIN)</td></tr>
                </table>
                <h2>Predict and feedback</h2>
                <table>
                  <tr><th>route</th><th>body</th><th>answer</th></tr>
                  <tr><td><code>POST /v1/calories/predict</code></td><td>an exercise record</td>
                      <td><code>{"id","Calories","model","shadows","replay"}</code></td></tr>
                  <tr><td><code>POST /v1/calories/feedback</code></td><td><code>{"id","Calories","ts"?}</code></td>
                      <td>202 <code>{"accepted":true,"id"}</code></td></tr>
                  <tr><td><code>POST /predict</code></td><td>an exercise record (seed-004)</td>
                      <td><code>{"id","Calories"}</code></td></tr>
                  <tr><td><code>POST /feedback</code></td><td><code>{"id","Calories","ts"?}</code> (seed-004)</td>
                      <td><code>{"ok":true}</code></td></tr>
                </table>
                <p>A request without an <code>id</code> gets a UUID. After a 504, retry with the same id: it is
                answered with its original prediction, never predicted twice. A 503 carries <code>Retry-After</code>.</p>
                <h2>Try it</h2>
                <pre>curl -s BASE_URL/v1/calories/predict \\
                  -H 'Content-Type: application/json' \\
                  -d '{"id":1,"Sex":"male","Age":30,"Height":180,"Weight":80,
                       "Duration":20,"Heart_Rate":100,"Body_Temp":40.1}'

                curl -s BASE_URL/v1/calories/feedback \\
                  -H 'Content-Type: application/json' -d '{"id":1,"Calories":150}'</pre>
                """ : """
                <p>This process does not run the gateway role: only the operations routes below are served.</p>
                """;
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Hindsight</title>
                <style>
                  body { font: 16px/1.5 system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
                  h1 { margin-bottom: 0; } .tag { color: #5b6575; margin-top: .2rem; }
                  h2 { font-size: 1.1rem; margin-top: 2rem; border-bottom: 1px solid #e2e6ec; padding-bottom: .3rem; }
                  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .35rem .6rem .35rem 0; vertical-align: top; }
                  td:first-child code { white-space: nowrap; }
                  th { color: #5b6575; font-weight: 600; font-size: .9rem; }
                  code, pre { font: 14px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
                  pre { background: #f4f6f9; padding: .8rem 1rem; border-radius: 6px; overflow-x: auto; }
                  .cta { font-size: 1.05rem; } .cta a { font-weight: 600; }
                  a { color: #0b5cad; } footer { margin-top: 2.5rem; color: #5b6575; font-size: .85rem; }
                </style>
                </head>
                <body>
                <h1>Hindsight</h1>
                <p class="tag">Models served on Kafka, each prediction scored against the truth that arrives later.</p>
                ROUTES
                <h2>Operations</h2>
                <table>
                  <tr><td><a href="/info"><code>GET /info</code></a></td><td>build, Java, roles, models with their provenance</td></tr>
                  <tr><td><a href="/readyz"><code>GET /readyz</code></a></td><td>200 when every check passes, else 503</td></tr>
                  <tr><td><a href="/healthz"><code>GET /healthz</code></a></td><td>200 while the process serves</td></tr>
                  <tr><td><a href="/metrics"><code>GET /metrics</code></a></td><td>Prometheus text format</td></tr>
                </table>
                <footer>Hindsight VERSION</footer>
                </body>
                </html>
                """.replace("ROUTES", routes).replace("VERSION", escape(config.version()))
                .replace("(ADMIN)", config.adminRoutesEnabled() ? "" : "(admin routes are off: set HINDSIGHT_ADMIN_TOKEN)");
    }

    /** The page with its curl example pointing at the address the browser used. */
    static String withBaseUrl(String page, String baseUrl) {
        return page.replace("BASE_URL", escape(baseUrl));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
