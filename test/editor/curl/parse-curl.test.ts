import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/definition';
import {
  applyCurlImport,
  isValidSecretName,
  parseCurl,
  redactCredentials,
  type CredentialKind,
  type UnmappedCode,
} from '../../../src/editor/curl/parse-curl';

interface CurlCase {
  name: string;
  command: string;
  /** The step's config after importing into an empty step with the suggested secret names. */
  config: JsonObject;
  credentials?: Array<{ kind: CredentialKind; name: string; scheme: string; suggestedName: string; variable?: string }>;
  /** Option and code of every entry of the unmapped list, in order. */
  unmapped?: Array<[string, UnmappedCode]>;
  /** Credential text that must appear nowhere in what the parser returns. */
  secretText?: string[];
}

const STRIPE_KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';
const GITHUB_TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';
const PERSONA_KEY = 'persona_sandbox_0f9a8b7c6d5e4f3a';
const LINEAR_KEY = 'lin_api_0123456789abcdefABCDEF0123456789';
const SHOPIFY_TOKEN = 'shpat_0123456789abcdef0123456789abcdef';
const MAILCHIMP_KEY = '0123456789abcdef0123456789abcdef-us6';
const ZENDESK_TOKEN = '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv';
const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const PAGERDUTY_KEY = 'e93facc04764012d7bfb002500d5d1a6';
const SLACK_WEBHOOK = 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';
const DISCORD_WEBHOOK = 'https://discord.com/api/webhooks/123456789012345678/abcDEF-ghiJKL_mnoPQR';

const cases: CurlCase[] = [
  {
    name: 'Stripe: create a charge, key as the user, form fields',
    command: `curl https://api.stripe.com/v1/charges \\
  -u ${STRIPE_KEY}: \\
  -d amount=2000 \\
  -d currency=usd`,
    config: {
      url: 'https://api.stripe.com/v1/charges',
      method: 'POST',
      headers: [{ key: 'Authorization', value: 'Basic {{ secrets.stripe_api_key }}' }],
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'stripe_api_key' }],
    unmapped: [
      ['-d', 'form_body'],
      ['-d', 'form_body'],
    ],
    secretText: [STRIPE_KEY],
  },
  {
    name: 'Stripe: create a customer, key from a shell variable, --data-urlencode',
    command: `curl https://api.stripe.com/v1/customers \\
  -u "$STRIPE_SECRET_KEY:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jenny.rosen@example.com"`,
    config: {
      url: 'https://api.stripe.com/v1/customers',
      method: 'POST',
      headers: [{ key: 'Authorization', value: 'Basic {{ secrets.stripe_secret_key }}' }],
    },
    credentials: [
      { kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'stripe_secret_key', variable: 'STRIPE_SECRET_KEY' },
    ],
    unmapped: [
      ['-d', 'form_body'],
      ['--data-urlencode', 'form_body'],
    ],
  },
  {
    name: 'Stripe: list customers with -G (data becomes the query)',
    command: `curl -G https://api.stripe.com/v1/customers -u ${STRIPE_KEY}: -d limit=3 -d "email=jenny%40example.com"`,
    config: {
      url: 'https://api.stripe.com/v1/customers',
      method: 'GET',
      headers: [{ key: 'Authorization', value: 'Basic {{ secrets.stripe_api_key }}' }],
      query: [
        { key: 'limit', value: '3' },
        { key: 'email', value: 'jenny@example.com' },
      ],
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'stripe_api_key' }],
    unmapped: [],
    secretText: [STRIPE_KEY],
  },
  {
    name: 'GitHub REST: list issues with Accept, Bearer token and API version',
    command: `curl -L \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer ${GITHUB_TOKEN}" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues`,
    config: {
      url: 'https://api.github.com/repos/OWNER/REPO/issues',
      method: 'GET',
      headers: [
        { key: 'Accept', value: 'application/vnd.github+json' },
        { key: 'Authorization', value: 'Bearer {{ secrets.github_api_key }}' },
        { key: 'X-GitHub-Api-Version', value: '2022-11-28' },
      ],
    },
    credentials: [{ kind: 'header', name: 'Authorization', scheme: 'Bearer', suggestedName: 'github_api_key' }],
    unmapped: [['-L', 'redirects']],
    secretText: [GITHUB_TOKEN],
  },
  {
    name: "GitHub REST: create an issue, body with the '\"'\"' quote idiom",
    command: `curl -L \\
  -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer ${GITHUB_TOKEN}" \\
  https://api.github.com/repos/OWNER/REPO/issues \\
  -d '{"title":"Found a bug","body":"I'"'"'m having a problem with this.","labels":["bug"]}'`,
    config: {
      url: 'https://api.github.com/repos/OWNER/REPO/issues',
      method: 'POST',
      headers: [
        { key: 'Accept', value: 'application/vnd.github+json' },
        { key: 'Authorization', value: 'Bearer {{ secrets.github_api_key }}' },
      ],
      body: { title: 'Found a bug', body: "I'm having a problem with this.", labels: ['bug'] },
    },
    credentials: [{ kind: 'header', name: 'Authorization', scheme: 'Bearer', suggestedName: 'github_api_key' }],
    unmapped: [['-L', 'redirects']],
    secretText: [GITHUB_TOKEN],
  },
  {
    name: 'Slack incoming webhook: the URL is the credential',
    command: `curl -X POST -H 'Content-type: application/json' --data '{"text":"Hello, World!"}' ${SLACK_WEBHOOK}`,
    config: {
      url: '{{ secrets.slack_webhook_url }}',
      method: 'POST',
      headers: [{ key: 'Content-type', value: 'application/json' }],
      body: { text: 'Hello, World!' },
    },
    credentials: [{ kind: 'url', name: '', scheme: '', suggestedName: 'slack_webhook_url' }],
    unmapped: [],
    secretText: ['XXXXXXXXXXXXXXXXXXXXXXXX', 'T00000000/B00000000'],
  },
  {
    name: 'Persona-like: create an inquiry (--request, --url, --header, --data)',
    command: `curl --request POST \\
     --url https://withpersona.com/api/v1/inquiries \\
     --header 'Authorization: Bearer ${PERSONA_KEY}' \\
     --header 'Persona-Version: 2023-01-05' \\
     --header 'accept: application/json' \\
     --header 'content-type: application/json' \\
     --data '
{
  "data": {
    "attributes": {
      "inquiry-template-id": "itmpl_ABC123",
      "fields": { "name-first": "Jane", "name-last": "Doe" }
    }
  }
}'`,
    config: {
      url: 'https://withpersona.com/api/v1/inquiries',
      method: 'POST',
      headers: [
        { key: 'Authorization', value: 'Bearer {{ secrets.persona_api_key }}' },
        { key: 'Persona-Version', value: '2023-01-05' },
        { key: 'accept', value: 'application/json' },
        { key: 'content-type', value: 'application/json' },
      ],
      body: {
        data: {
          attributes: { 'inquiry-template-id': 'itmpl_ABC123', fields: { 'name-first': 'Jane', 'name-last': 'Doe' } },
        },
      },
    },
    credentials: [{ kind: 'header', name: 'Authorization', scheme: 'Bearer', suggestedName: 'persona_api_key' }],
    unmapped: [],
    secretText: [PERSONA_KEY],
  },
  {
    name: 'SendGrid: send mail, key from $SENDGRID_API_KEY',
    command: `curl --request POST \\
  --url https://api.sendgrid.com/v3/mail/send \\
  --header "Authorization: Bearer $SENDGRID_API_KEY" \\
  --header 'Content-Type: application/json' \\
  --data '{"personalizations":[{"to":[{"email":"test@example.com"}]}],"from":{"email":"test@example.com"},"subject":"Sending with SendGrid is Fun","content":[{"type":"text/plain","value":"and easy to do anywhere, even with cURL"}]}'`,
    config: {
      url: 'https://api.sendgrid.com/v3/mail/send',
      method: 'POST',
      headers: [
        { key: 'Authorization', value: 'Bearer {{ secrets.sendgrid_api_key }}' },
        { key: 'Content-Type', value: 'application/json' },
      ],
      body: {
        personalizations: [{ to: [{ email: 'test@example.com' }] }],
        from: { email: 'test@example.com' },
        subject: 'Sending with SendGrid is Fun',
        content: [{ type: 'text/plain', value: 'and easy to do anywhere, even with cURL' }],
      },
    },
    credentials: [
      {
        kind: 'header',
        name: 'Authorization',
        scheme: 'Bearer',
        suggestedName: 'sendgrid_api_key',
        variable: 'SENDGRID_API_KEY',
      },
    ],
    unmapped: [],
  },
  {
    name: 'Twilio: send an SMS (form fields are listed, the URL keeps its variable)',
    command: `curl -X POST "https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" \\
--data-urlencode "From=+15557122661" \\
--data-urlencode "Body=Hi there" \\
--data-urlencode "To=+15558675310" \\
-u $TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN`,
    config: {
      url: 'https://api.twilio.com/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Messages.json',
      method: 'POST',
      headers: [{ key: 'Authorization', value: 'Basic {{ secrets.twilio_basic_auth }}' }],
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'twilio_basic_auth' }],
    unmapped: [
      ['--data-urlencode', 'form_body'],
      ['--data-urlencode', 'form_body'],
      ['--data-urlencode', 'form_body'],
      ['${TWILIO_ACCOUNT_SID}', 'shell_variable'],
    ],
  },
  {
    name: 'OpenAI: chat completion',
    command: `curl https://api.openai.com/v1/chat/completions \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Say this is a test!"}],
    "temperature": 0.7
  }'`,
    config: {
      url: 'https://api.openai.com/v1/chat/completions',
      method: 'POST',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'Authorization', value: 'Bearer {{ secrets.openai_api_key }}' },
      ],
      body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say this is a test!' }], temperature: 0.7 },
    },
    credentials: [
      {
        kind: 'header',
        name: 'Authorization',
        scheme: 'Bearer',
        suggestedName: 'openai_api_key',
        variable: 'OPENAI_API_KEY',
      },
    ],
    unmapped: [],
  },
  {
    name: 'Shopify Admin: access token header, query in the URL',
    command: `curl -X GET "https://your-development-store.myshopify.com/admin/api/2024-01/products.json?limit=5&fields=id,title" \\
-H "X-Shopify-Access-Token: ${SHOPIFY_TOKEN}"`,
    config: {
      url: 'https://your-development-store.myshopify.com/admin/api/2024-01/products.json',
      method: 'GET',
      query: [
        { key: 'limit', value: '5' },
        { key: 'fields', value: 'id,title' },
      ],
      headers: [{ key: 'X-Shopify-Access-Token', value: '{{ secrets.shopify_access_token }}' }],
    },
    credentials: [
      { kind: 'header', name: 'X-Shopify-Access-Token', scheme: '', suggestedName: 'shopify_access_token' },
    ],
    unmapped: [],
    secretText: [SHOPIFY_TOKEN],
  },
  {
    name: 'Mailchimp: --user anystring:key',
    command: `curl -X GET 'https://us6.api.mailchimp.com/3.0/lists?fields=lists.name&count=10' --user "anystring:${MAILCHIMP_KEY}"`,
    config: {
      url: 'https://us6.api.mailchimp.com/3.0/lists',
      method: 'GET',
      query: [
        { key: 'fields', value: 'lists.name' },
        { key: 'count', value: '10' },
      ],
      headers: [{ key: 'Authorization', value: 'Basic {{ secrets.mailchimp_basic_auth }}' }],
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'mailchimp_basic_auth' }],
    unmapped: [],
    secretText: [MAILCHIMP_KEY, 'anystring'],
  },
  {
    name: 'Zendesk: email/token user, -v, method after the data',
    command: `curl https://example.zendesk.com/api/v2/tickets.json \\
  -d '{"ticket": {"subject": "My printer is on fire!", "comment": { "body": "The smoke is very colorful." }}}' \\
  -H "Content-Type: application/json" -v -u jdoe@example.com/token:${ZENDESK_TOKEN} -X POST`,
    config: {
      url: 'https://example.zendesk.com/api/v2/tickets.json',
      method: 'POST',
      headers: [
        { key: 'Authorization', value: 'Basic {{ secrets.zendesk_basic_auth }}' },
        { key: 'Content-Type', value: 'application/json' },
      ],
      body: { ticket: { subject: 'My printer is on fire!', comment: { body: 'The smoke is very colorful.' } } },
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'zendesk_basic_auth' }],
    unmapped: [['-v', 'output_only']],
    secretText: [ZENDESK_TOKEN, 'jdoe@example.com'],
  },
  {
    name: 'Discord webhook: the URL is the credential, its query stays',
    command: `curl -H "Content-Type: application/json" -d '{"username": "Webhook", "content": "Hello"}' "${DISCORD_WEBHOOK}?wait=true"`,
    config: {
      url: '{{ secrets.discord_webhook_url }}',
      method: 'POST',
      query: [{ key: 'wait', value: 'true' }],
      headers: [{ key: 'Content-Type', value: 'application/json' }],
      body: { username: 'Webhook', content: 'Hello' },
    },
    credentials: [{ kind: 'url', name: '', scheme: '', suggestedName: 'discord_webhook_url' }],
    unmapped: [],
    secretText: ['abcDEF-ghiJKL_mnoPQR'],
  },
  {
    name: 'Linear GraphQL: Authorization without a scheme',
    command: `curl \\
  -X POST \\
  -H "Content-Type: application/json" \\
  -H "Authorization: ${LINEAR_KEY}" \\
  --data '{ "query": "{ issues { nodes { id title } } }" }' \\
  https://api.linear.app/graphql`,
    config: {
      url: 'https://api.linear.app/graphql',
      method: 'POST',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'Authorization', value: '{{ secrets.linear_api_key }}' },
      ],
      body: { query: '{ issues { nodes { id title } } }' },
    },
    credentials: [{ kind: 'header', name: 'Authorization', scheme: '', suggestedName: 'linear_api_key' }],
    unmapped: [],
    secretText: [LINEAR_KEY],
  },
  {
    name: 'HubSpot: create a contact (lower-case header names kept as written)',
    command: `curl --request POST \\
  --url https://api.hubapi.com/crm/v3/objects/contacts \\
  --header 'authorization: Bearer ${HUBSPOT_TOKEN}' \\
  --header 'content-type: application/json' \\
  --data '{"properties":{"email":"example@hubspot.com","firstname":"Jane"}}'`,
    config: {
      url: 'https://api.hubapi.com/crm/v3/objects/contacts',
      method: 'POST',
      headers: [
        { key: 'authorization', value: 'Bearer {{ secrets.hubspot_api_key }}' },
        { key: 'content-type', value: 'application/json' },
      ],
      body: { properties: { email: 'example@hubspot.com', firstname: 'Jane' } },
    },
    credentials: [{ kind: 'header', name: 'authorization', scheme: 'Bearer', suggestedName: 'hubspot_api_key' }],
    unmapped: [],
    secretText: [HUBSPOT_TOKEN],
  },
  {
    name: 'PagerDuty Events v2: the routing key in the body is a credential',
    command: `curl --request POST \\
  --url https://events.pagerduty.com/v2/enqueue \\
  --header 'Content-Type: application/json' \\
  --data '{"payload":{"summary":"DISK at 99%","severity":"critical","source":"host-1"},"routing_key":"${PAGERDUTY_KEY}","event_action":"trigger"}'`,
    config: {
      url: 'https://events.pagerduty.com/v2/enqueue',
      method: 'POST',
      headers: [{ key: 'Content-Type', value: 'application/json' }],
      body: {
        payload: { summary: 'DISK at 99%', severity: 'critical', source: 'host-1' },
        routing_key: '{{ secrets.pagerduty_routing_key }}',
        event_action: 'trigger',
      },
    },
    credentials: [{ kind: 'body', name: 'routing_key', scheme: '', suggestedName: 'pagerduty_routing_key' }],
    unmapped: [],
    secretText: [PAGERDUTY_KEY],
  },
  {
    name: 'Datadog: body from a here-document is refused, the key header is a secret',
    command: `curl -X POST "https://api.datadoghq.com/api/v2/series" \\
-H "Accept: application/json" \\
-H "Content-Type: application/json" \\
-H "DD-API-KEY: \${DD_API_KEY}" \\
-d @- << EOF
{"series": [{"metric": "system.load.1", "points": [{"timestamp": 1636629071, "value": 0.7}]}]}
EOF`,
    config: {
      url: 'https://api.datadoghq.com/api/v2/series',
      method: 'POST',
      headers: [
        { key: 'Accept', value: 'application/json' },
        { key: 'Content-Type', value: 'application/json' },
        { key: 'DD-API-KEY', value: '{{ secrets.dd_api_key }}' },
      ],
    },
    credentials: [
      { kind: 'header', name: 'DD-API-KEY', scheme: '', suggestedName: 'dd_api_key', variable: 'DD_API_KEY' },
    ],
    unmapped: [
      ['<<', 'shell_syntax'],
      ['-d', 'body_from_stdin'],
    ],
  },
  {
    name: 'Vercel: list projects, team id in the query',
    command: `curl -X GET "https://api.vercel.com/v9/projects?teamId=team_1a2b3c&limit=20" -H "Authorization: Bearer $VERCEL_TOKEN"`,
    config: {
      url: 'https://api.vercel.com/v9/projects',
      method: 'GET',
      query: [
        { key: 'teamId', value: 'team_1a2b3c' },
        { key: 'limit', value: '20' },
      ],
      headers: [{ key: 'Authorization', value: 'Bearer {{ secrets.vercel_token }}' }],
    },
    credentials: [
      {
        kind: 'header',
        name: 'Authorization',
        scheme: 'Bearer',
        suggestedName: 'vercel_token',
        variable: 'VERCEL_TOKEN',
      },
    ],
    unmapped: [],
  },
  {
    name: 'Cloudflare: --json, X-Auth-Key secret, variables kept in the URL and a plain header',
    command: `curl https://api.cloudflare.com/client/v4/zones/$ZONE_ID/dns_records \\
  --request POST \\
  --header "X-Auth-Email: $CLOUDFLARE_EMAIL" \\
  --header "X-Auth-Key: $CLOUDFLARE_API_KEY" \\
  --json '{"type":"A","name":"example.com","content":"198.51.100.4","ttl":3600,"proxied":false}'`,
    config: {
      url: 'https://api.cloudflare.com/client/v4/zones/${ZONE_ID}/dns_records',
      method: 'POST',
      headers: [
        { key: 'X-Auth-Email', value: '${CLOUDFLARE_EMAIL}' },
        { key: 'X-Auth-Key', value: '{{ secrets.cloudflare_api_key }}' },
        { key: 'Accept', value: 'application/json' },
      ],
      body: { type: 'A', name: 'example.com', content: '198.51.100.4', ttl: 3600, proxied: false },
    },
    credentials: [
      {
        kind: 'header',
        name: 'X-Auth-Key',
        scheme: '',
        suggestedName: 'cloudflare_api_key',
        variable: 'CLOUDFLARE_API_KEY',
      },
    ],
    unmapped: [
      ['${CLOUDFLARE_EMAIL}', 'shell_variable'],
      ['${ZONE_ID}', 'shell_variable'],
    ],
  },
  {
    name: 'Heroku: create an app, -n (.netrc) listed',
    command: `curl -n -X POST https://api.heroku.com/apps \\
  -d '{"name":"example-app","region":"us"}' \\
  -H "Content-Type: application/json" \\
  -H "Accept: application/vnd.heroku+json; version=3"`,
    config: {
      url: 'https://api.heroku.com/apps',
      method: 'POST',
      headers: [
        { key: 'Content-Type', value: 'application/json' },
        { key: 'Accept', value: 'application/vnd.heroku+json; version=3' },
      ],
      body: { name: 'example-app', region: 'us' },
    },
    credentials: [],
    unmapped: [['-n', 'credentials_file']],
  },
  {
    name: '-G with --data-urlencode: values kept unencoded (the step encodes them)',
    command: `curl -G https://api.example.com/search --data-urlencode "q=hello world & more" --data-urlencode "lang=en" -H "X-API-Key: abc123def456"`,
    config: {
      url: 'https://api.example.com/search',
      method: 'GET',
      query: [
        { key: 'q', value: 'hello world & more' },
        { key: 'lang', value: 'en' },
      ],
      headers: [{ key: 'X-API-Key', value: '{{ secrets.example_api_key }}' }],
    },
    credentials: [{ kind: 'header', name: 'X-API-Key', scheme: '', suggestedName: 'example_api_key' }],
    unmapped: [],
    secretText: ['abc123def456'],
  },
  {
    name: 'Windows style: double quotes with \\" inside, ^ line continuations',
    command:
      'curl -X POST "https://api.example.com/v1/items" ^\r\n  -H "Content-Type: application/json" ^\r\n  -d "{\\"name\\": \\"Widget\\", \\"price\\": 9.5}"',
    config: {
      url: 'https://api.example.com/v1/items',
      method: 'POST',
      headers: [{ key: 'Content-Type', value: 'application/json' }],
      body: { name: 'Widget', price: 9.5 },
    },
    credentials: [],
    unmapped: [],
  },
  {
    name: '--json: POST, Accept added, Content-Type left to the step',
    command: `curl --json '{"event":"signup","plan":"pro"}' https://hooks.example.com/events`,
    config: {
      url: 'https://hooks.example.com/events',
      method: 'POST',
      headers: [{ key: 'Accept', value: 'application/json' }],
      body: { event: 'signup', plan: 'pro' },
    },
    credentials: [],
    unmapped: [],
  },
  {
    name: '-d @file is refused with the reason; the method is still POST',
    command: `curl -X POST https://api.example.com/import -H "Content-Type: application/json" -d @payload.json`,
    config: {
      url: 'https://api.example.com/import',
      method: 'POST',
      headers: [{ key: 'Content-Type', value: 'application/json' }],
    },
    credentials: [],
    unmapped: [['-d', 'body_from_file']],
  },
  {
    name: '-F form fields and files are listed; -F means POST',
    command: `curl -F "file=@photo.jpg" -F "title=Holiday" https://api.example.com/upload`,
    config: { url: 'https://api.example.com/upload', method: 'POST' },
    credentials: [],
    unmapped: [
      ['-F', 'multipart_form'],
      ['-F', 'multipart_form'],
    ],
  },
  {
    name: 'Browser "Copy as cURL": --data-raw, cookie header, --compressed',
    command: `curl 'https://app.example.com/api/graphql' \\
  -H 'accept: */*' \\
  -H 'cookie: session_id=9f8e7d6c5b4a; theme=dark' \\
  -H 'user-agent: Mozilla/5.0' \\
  --data-raw '{"operationName":"Viewer","variables":{},"query":"query Viewer { viewer { id } }"}' \\
  --compressed`,
    config: {
      url: 'https://app.example.com/api/graphql',
      method: 'POST',
      headers: [
        { key: 'accept', value: '*/*' },
        { key: 'cookie', value: '{{ secrets.example_session_cookie }}' },
        { key: 'user-agent', value: 'Mozilla/5.0' },
      ],
      body: { operationName: 'Viewer', variables: {}, query: 'query Viewer { viewer { id } }' },
    },
    credentials: [{ kind: 'cookie', name: 'cookie', scheme: '', suggestedName: 'example_session_cookie' }],
    unmapped: [['--compressed', 'decompression']],
    secretText: ['9f8e7d6c5b4a'],
  },
  {
    name: 'Short options together and attached values: -sSk, -XPUT, -H without a space, -A, -e, -b',
    command: `curl -sSk -XPUT -H'X-Request-Id: 42' -A 'my-agent/1.0' -e https://example.com/ -b 'sid=abc' https://internal.example.com/v1/flags/beta -d '{"enabled":true}'`,
    config: {
      url: 'https://internal.example.com/v1/flags/beta',
      method: 'PUT',
      headers: [
        { key: 'X-Request-Id', value: '42' },
        { key: 'User-Agent', value: 'my-agent/1.0' },
        { key: 'Referer', value: 'https://example.com/' },
        { key: 'Cookie', value: '{{ secrets.example_session_cookie }}' },
      ],
      body: { enabled: true },
    },
    credentials: [{ kind: 'cookie', name: 'Cookie', scheme: '', suggestedName: 'example_session_cookie' }],
    unmapped: [
      ['-s', 'output_only'],
      ['-S', 'output_only'],
      ['-k', 'insecure'],
    ],
  },
  {
    name: 'Query credentials and a body secret field; http:// kept for validation to flag',
    command: `curl "http://api.example.com/v2/report?api_key=abcdef123456&format=csv" -d '{"client_id":"app-1","client_secret":"s3cr3t-value"}'`,
    config: {
      url: 'http://api.example.com/v2/report',
      method: 'POST',
      query: [
        { key: 'api_key', value: '{{ secrets.example_api_key }}' },
        { key: 'format', value: 'csv' },
      ],
      body: { client_id: 'app-1', client_secret: '{{ secrets.example_client_secret }}' },
    },
    credentials: [
      { kind: 'query', name: 'api_key', scheme: '', suggestedName: 'example_api_key' },
      { kind: 'body', name: 'client_secret', scheme: '', suggestedName: 'example_client_secret' },
    ],
    unmapped: [],
    secretText: ['abcdef123456', 's3cr3t-value'],
  },
  {
    name: 'DELETE with --oauth2-bearer; -i listed as not needed',
    command: `curl -i -X DELETE https://api.example.com/v1/webhooks/wh_123 --oauth2-bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`,
    config: {
      url: 'https://api.example.com/v1/webhooks/wh_123',
      method: 'DELETE',
      headers: [{ key: 'Authorization', value: 'Bearer {{ secrets.example_api_key }}' }],
    },
    credentials: [{ kind: 'header', name: 'Authorization', scheme: 'Bearer', suggestedName: 'example_api_key' }],
    unmapped: [['-i', 'output_only']],
    secretText: ['dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
  },
  {
    name: 'Unquoted URL with & stops the command where a shell would; --url-query adds to the query',
    command: `curl https://api.example.com/items?page=2&size=50 --url-query "sort=name asc"`,
    config: {
      url: 'https://api.example.com/items',
      method: 'GET',
      query: [{ key: 'page', value: '2' }],
    },
    credentials: [],
    unmapped: [['&', 'shell_syntax']],
  },
  {
    name: 'A URL without a scheme gets https://; a fragment is left out; --max-time and --retry are listed',
    command: `curl api.example.com/v1/status#section --max-time 10 --retry 3`,
    config: { url: 'https://api.example.com/v1/status', method: 'GET' },
    credentials: [],
    unmapped: [
      ['URL', 'url_scheme_added'],
      ['URL', 'url_fragment'],
      ['--max-time', 'timeout'],
      ['--retry', 'retries'],
    ],
  },
  {
    name: 'GET with a JSON body: the body is listed, not imported',
    command: `curl -X GET https://search.example.com/_search -H 'Content-Type: application/json' -d '{"query":{"match_all":{}}}'`,
    config: {
      url: 'https://search.example.com/_search',
      method: 'GET',
      headers: [{ key: 'Content-Type', value: 'application/json' }],
    },
    credentials: [],
    unmapped: [['-d', 'body_not_allowed']],
  },
  {
    name: 'A prompt sign, a comment line, user and password in the URL',
    command: `$ curl https://admin:hunter2@api.example.com/v1/me \\
  -H 'Accept: application/json' # who am I`,
    config: {
      url: 'https://api.example.com/v1/me',
      method: 'GET',
      headers: [
        { key: 'Authorization', value: 'Basic {{ secrets.example_basic_auth }}' },
        { key: 'Accept', value: 'application/json' },
      ],
    },
    credentials: [{ kind: 'basic', name: '', scheme: 'Basic', suggestedName: 'example_basic_auth' }],
    unmapped: [['#', 'comment']],
    secretText: ['hunter2'],
  },
];

describe('parseCurl: real-world commands', () => {
  it('has at least 25 commands', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.map((item) => [item.name, item] as const))('%s', (_name, item) => {
    const parsed = parseCurl(item.command);
    expect(parsed.problems).toEqual([]);
    expect(applyCurlImport({}, parsed, [])).toEqual(item.config);
    expect(parsed.credentials.map(({ id: _id, ...rest }) => rest)).toEqual(item.credentials ?? []);
    expect(parsed.unmapped.map((entry) => [entry.option, entry.code])).toEqual(item.unmapped ?? []);
    const everything = JSON.stringify(parsed);
    for (const secret of item.secretText ?? []) expect(everything).not.toContain(secret);
  });
});

describe('parseCurl: what cannot be read', () => {
  it('says where an unclosed quote opened', () => {
    const parsed = parseCurl(`curl https://api.example.com \\\n  -H 'Accept: application/json`);
    expect(parsed.config).toBeUndefined();
    expect(parsed.problems).toEqual([
      {
        code: 'unclosed_quote',
        message: "The single quote (') opened at line 2, column 6 is never closed. Check the quotes around that value.",
        line: 2,
        column: 6,
      },
    ]);
  });

  it('refuses more than 100 headers or query parameters, saying how many there are', () => {
    const headers = (count: number): string =>
      Array.from({ length: count }, (_, index) => `-H 'X-H${index}: v'`).join(' ');
    expect(parseCurl(`curl https://api.example.com ${headers(100)}`).config?.headers).toHaveLength(100);
    const tooMany = parseCurl(`curl https://api.example.com ${headers(2000)}`);
    expect(tooMany.config).toBeUndefined();
    expect(tooMany.problems).toEqual([
      {
        code: 'too_many_fields',
        message:
          'The command sets 2,000 headers; an import takes at most 100. Keep the ones the request needs and paste it again.',
      },
    ]);
    const query = Array.from({ length: 101 }, (_, index) => `q${index}=1`).join('&');
    expect(parseCurl(`curl 'https://api.example.com/?${query}'`).problems[0]?.message).toMatch(
      /^The command sets 101 query parameters;/,
    );
  });

  it('names the double quote too', () => {
    expect(parseCurl('curl -d "{\\"a\\": 1} https://x.example').problems[0]?.message).toMatch(
      /^The double quote \("\) opened at line 1, column 9/,
    );
  });

  it('asks for a command when the text is empty or blank', () => {
    for (const text of ['', '   \n\t ']) {
      expect(parseCurl(text).problems.map((problem) => problem.code)).toEqual(['empty']);
    }
  });

  it('refuses what is not a curl command', () => {
    for (const text of [
      'wget https://example.com',
      'https://api.example.com/users',
      '{"url": "https://x"}',
      'http GET example.com',
    ]) {
      const parsed = parseCurl(text);
      expect(parsed.problems.map((problem) => problem.code)).toEqual(['not_curl']);
      expect(parsed.problems[0]?.message).toContain('should start with curl');
    }
  });

  it('reads names of Object.prototype as plain words', () => {
    expect(parseCurl('curl __proto__').config?.url).toBe('https://__proto__');
    expect(parseCurl('curl https://constructor.toString/x').config?.url).toBe('https://constructor.toString/x');
  });

  it('accepts curl.exe and a path to curl', () => {
    expect(parseCurl('curl.exe https://a.example').config?.url).toBe('https://a.example');
    expect(parseCurl('/usr/bin/curl https://a.example').config?.url).toBe('https://a.example');
  });

  it('needs a URL', () => {
    expect(parseCurl('curl -X POST -d "{}"').problems.map((problem) => problem.code)).toEqual(['no_url']);
  });

  it('points Windows cmd quoting to the bash copy', () => {
    const parsed = parseCurl('curl ^"https://api.example.com/^" ^\n  -H ^"accept: */*^"');
    expect(parsed.problems.map((problem) => problem.code)).toEqual(['windows_cmd_quotes']);
  });

  it('refuses control characters', () => {
    expect(parseCurl('curl https://a.example/\u0000').problems.map((problem) => problem.code)).toEqual([
      'invalid_characters',
    ]);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const parsed = parseCurl(`curl ${text}`);
        expect(parsed.config === undefined).toBe(parsed.problems.length > 0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on shell-like text either (quotes, escapes, variables, operators, options)', () => {
    const pieces = [
      ' ',
      '\n',
      '\\',
      "'",
      '"',
      '$',
      '{',
      '}',
      '#',
      '^',
      '&',
      '|',
      ';',
      '<',
      '>',
      '(',
      ')',
      '*',
      '?',
      '=',
      ':',
      '@',
      '-d',
      '-H',
      '-u',
      '-G',
      '-X',
      '--json',
      'https://a.example/',
      '{"a":1}',
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      'x',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const parsed = parseCurl(`curl ${parts.join('')}`);
        expect(parsed.config === undefined).toBe(parsed.problems.length > 0);
        if (parsed.config !== undefined) applyCurlImport({}, parsed, []);
      }),
      { numRuns: 1000 },
    );
  });

  it('never puts a detected token into its result, wherever it is', () => {
    const token = 'sk_live_51HxYzAbCdEfGhIjKlMnOp';
    const places = [
      `curl https://a.example -H "X-Custom: ${token}"`,
      `curl "https://a.example/?k=${token}"`,
      `curl https://a.example -d '{"nested":{"list":["${token}"]}}'`,
      `curl https://a.example -u ${token}:`,
      `curl https://a.example -d 'password=${token}&user=me'`,
      `curl https://a.example -F 'api_key=${token}'`,
      `curl https://a.example | grep ${token}`,
      `curl https://a.example -x http://me:${token}@proxy.example:3128`,
      `curl https://a.example --proxy-user me:${token}`,
      `curl https://a.example -H "Authorization Bearer ${token}"`,
      `curl https://a.example https://me:${token}@b.example`,
    ];
    for (const command of places) {
      const parsed = parseCurl(command);
      expect(parsed.problems).toEqual([]);
      expect(JSON.stringify(parsed)).not.toContain(token);
    }
  });
});

describe('parseCurl: passwords in options that are not imported', () => {
  it.each([
    ['a proxy URL', 'curl https://a.example -x http://me:pa55w0rd-Xy@proxy.example:3128'],
    ['--proxy-user', 'curl https://a.example --proxy-user me:pa55w0rd-Xy'],
    ['--cert with its password', 'curl https://a.example --cert client.pem:pa55w0rd-Xy'],
    ['a header without its colon', 'curl https://a.example -H "X-Api-Key pa55w0rd-Xy"'],
    ['a second URL with user and password', 'curl https://a.example https://me:pa55w0rd-Xy@b.example'],
  ])('%s is listed without the password', (_name, command) => {
    const parsed = parseCurl(command);
    expect(parsed.unmapped).toHaveLength(1);
    expect(JSON.stringify(parsed)).not.toContain('pa55w0rd-Xy');
  });
});

describe('parseCurl: details', () => {
  it('keeps # inside a word (a URL fragment is not a comment)', () => {
    const parsed = parseCurl('curl https://a.example/page#top -H "X: 1"');
    expect(parsed.config?.headers).toEqual([{ key: 'X', value: '1' }]);
    expect(parsed.unmapped.map((entry) => [entry.code, entry.value])).toEqual([['url_fragment', '#top']]);
  });

  it('forgives spaces after a line-continuing backslash', () => {
    const parsed = parseCurl('curl \\  \n  https://a.example \\ \t\n  -H "X: 1"');
    expect(parsed.config).toEqual({
      url: 'https://a.example',
      method: 'GET',
      query: [],
      headers: [{ key: 'X', value: '1' }],
    });
    expect(parsed.unmapped).toEqual([]);
  });

  it('takes an empty -d as no body', () => {
    const parsed = parseCurl(`curl -X POST https://a.example -d ''`);
    expect(parsed.config?.body).toBeUndefined();
    expect(parsed.unmapped).toEqual([]);
  });

  it('stops at a second curl command and says so', () => {
    const parsed = parseCurl('curl https://a.example\ncurl https://b.example');
    expect(parsed.config?.url).toBe('https://a.example');
    expect(parsed.unmapped.map((entry) => entry.code)).toEqual(['second_command']);
  });

  it('lists a body that looks like JSON but is not, with line and column', () => {
    const parsed = parseCurl(`curl https://a.example -d '{"a": 1,}'`);
    expect(parsed.config?.body).toBeUndefined();
    expect(parsed.unmapped[0]?.reason).toBe(
      'The body looks like JSON but is not valid: line 1, column 9: a property name in double quotes is expected.',
    );
  });

  it('lists a body that is plain text', () => {
    expect(parseCurl(`curl https://a.example --data-binary '<xml/>'`).unmapped.map((entry) => entry.code)).toEqual([
      'body_not_json',
    ]);
  });

  it('joins several -d options with & as curl does', () => {
    expect(parseCurl(`curl -G https://a.example -d 'a=1&b=2' -d c=3`).config?.query).toEqual([
      { key: 'a', value: '1' },
      { key: 'b', value: '2' },
      { key: 'c', value: '3' },
    ]);
  });

  it('lists a method the step does not have and keeps the one curl would otherwise use', () => {
    const parsed = parseCurl('curl -X OPTIONS https://a.example');
    expect(parsed.config?.method).toBe('GET');
    expect(parsed.unmapped.map((entry) => entry.code)).toEqual(['method_unsupported']);
    expect(parseCurl('curl -X patch https://a.example').config?.method).toBe('PATCH');
  });

  it('uses one secret for the same credential found twice', () => {
    const parsed = parseCurl(
      `curl "https://a.example/?token=${GITHUB_TOKEN}" -H "Authorization: token ${GITHUB_TOKEN}"`,
    );
    expect(parsed.credentials).toHaveLength(1);
    expect(applyCurlImport({}, parsed, ['gh'])).toEqual({
      url: 'https://a.example/',
      method: 'GET',
      query: [{ key: 'token', value: '{{ secrets.gh }}' }],
      headers: [{ key: 'Authorization', value: 'token {{ secrets.gh }}' }],
    });
  });

  it('suggests distinct names for different credentials', () => {
    const parsed = parseCurl('curl https://api.example.com -H "X-API-Key: one1" -H "Api-Key: two2"');
    expect(parsed.credentials.map((credential) => credential.suggestedName)).toEqual([
      'example_api_key',
      'example_api_key_2',
    ]);
  });

  it('lists headers the step sets itself, and header removals', () => {
    const parsed = parseCurl(
      'curl https://a.example -H "Host: b.example" -H "Content-Length: 3" -H "Accept:" -H "X-Empty;"',
    );
    expect(parsed.config?.headers).toEqual([{ key: 'X-Empty', value: '' }]);
    expect(parsed.unmapped.map((entry) => entry.code)).toEqual(['header_managed', 'header_managed', 'header_removal']);
  });

  it('lets an Authorization header win over -u, as curl does', () => {
    const parsed = parseCurl('curl -u me:pw https://a.example -H "Authorization: Bearer $T"');
    expect(applyCurlImport({}, parsed, []).headers).toEqual([
      { key: 'Authorization', value: 'Bearer {{ secrets.t }}' },
    ]);
    expect(parsed.unmapped.map((entry) => entry.code)).toEqual(['user_overridden']);
  });

  it('keeps references already in the command as they are', () => {
    const parsed = parseCurl(
      `curl 'https://a.example/users/{{ trigger.userId }}' -H 'Authorization: Bearer {{ secrets.crm }}'`,
    );
    expect(parsed.credentials).toEqual([]);
    expect(applyCurlImport({}, parsed, [])).toEqual({
      url: 'https://a.example/users/{{ trigger.userId }}',
      method: 'GET',
      headers: [{ key: 'Authorization', value: 'Bearer {{ secrets.crm }}' }],
    });
  });

  it('reads single quotes literally and expands nothing inside them', () => {
    const parsed = parseCurl(`curl https://a.example -d '{"price":"$5","path":"C:\\\\temp"}'`);
    expect(parsed.config?.body).toEqual({ price: '$5', path: 'C:\\temp' });
    expect(parsed.unmapped).toEqual([]);
  });
});

describe('applyCurlImport', () => {
  const existing: JsonObject = {
    url: 'https://old.example',
    method: 'PUT',
    headers: [{ key: 'X-Old', value: '1' }],
    query: [{ key: 'old', value: '1' }],
    body: { old: true },
    responseSchema: { type: 'object' },
    signing: { secret: '{{ secrets.signing }}' },
    retryIntervals: [5, 30],
    timeoutSeconds: 10,
    continueOnError: true,
  };

  it('replaces the request fields and keeps every other setting', () => {
    const parsed = parseCurl('curl https://new.example/path');
    expect(applyCurlImport(existing, parsed, [])).toEqual({
      url: 'https://new.example/path',
      method: 'GET',
      responseSchema: { type: 'object' },
      signing: { secret: '{{ secrets.signing }}' },
      retryIntervals: [5, 30],
      timeoutSeconds: 10,
      continueOnError: true,
    });
  });

  it('writes the chosen secret names, and the suggestion where a name is blank or invalid', () => {
    const parsed = parseCurl(`curl https://api.stripe.com -u ${STRIPE_KEY}: -H "X-Api-Key: abc"`);
    expect(applyCurlImport({}, parsed, ['stripe_live', '9 bad']).headers).toEqual([
      { key: 'Authorization', value: 'Basic {{ secrets.stripe_live }}' },
      { key: 'X-Api-Key', value: '{{ secrets.stripe_api_key_2 }}' },
    ]);
  });

  it('refuses a command with problems', () => {
    expect(() => applyCurlImport({}, parseCurl('curl'), [])).toThrow(/problems/);
  });
});

describe('helpers', () => {
  it('isValidSecretName follows the reference syntax', () => {
    expect(['stripe_api_key', '_x', 'A1'].every(isValidSecretName)).toBe(true);
    expect(['', '1a', 'a-b', 'a b', 'a.b'].some(isValidSecretName)).toBe(false);
  });

  it('redactCredentials masks tokens and credential fields', () => {
    expect(redactCredentials(`password=hunter2&user=me`)).toBe('password=•••&user=me');
    expect(redactCredentials(`{"client_secret": "abc", "name": "x"}`)).toBe('{"client_secret": "•••", "name": "x"}');
    expect(redactCredentials(`token ${GITHUB_TOKEN}`)).toBe('token •••');
    expect(redactCredentials('http://proxy-user:pa55@proxy.example:8080')).toBe(
      'http://proxy-user:•••@proxy.example:8080',
    );
  });
});

describe('--url-query with a leading +', () => {
  it('adds encoded pairs as they are, split on &', () => {
    const parsed = parseCurl(`curl -G https://api.example.com/search --url-query "+q=a%20b&page=2"`);
    expect(parsed.config?.query).toEqual([
      { key: 'q', value: 'a b' },
      { key: 'page', value: '2' },
    ]);
  });
});
