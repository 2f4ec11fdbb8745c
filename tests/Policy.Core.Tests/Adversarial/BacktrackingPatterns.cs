using Policy.Core.Match.Detectors.Secrets;

namespace Policy.Core.Tests.Adversarial;

/// <summary>
/// The token formats as they were written before they were made linear (src/Policy.Core/Match/Detectors/
/// Secrets/SecretPatterns.cs): with lookbehinds, lookaheads and atomic groups, for the backtracking engine,
/// in the gitleaks notation. They are the reference the linear forms are compared with (same spans on the
/// vectors, the adversarial inputs and random drafts); only the name and the pattern of each entry are used.
/// </summary>
internal static class BacktrackingPatterns
{
    /// <summary>Left edge of a token: not inside a longer word, path or base64 run.</summary>
    private const string L = @"(?<![A-Za-z0-9_+/\-])";

    /// <summary>Right edge of a token: not followed by more token characters, nor by ".x", "/x", "+x", "=x"
    /// (a file name, a path or a longer base64 run). A sentence full stop is fine.</summary>
    private const string R = @"(?![A-Za-z0-9_\-]|[.+/=][A-Za-z0-9])";

    /// <summary>End of an assigned value: a quote, space, separator, escape or the end.</summary>
    private const string Term = @"(?=[\x60'""\s;,)\]}<>&|\\]|\.(?!\w)|$)";

    /// <summary>The assignment between an identifier and its value: = := ::= ?= .= += : => || , (call
    /// arguments "NAME", "value") and an XML element (&lt;name&gt; value).</summary>
    /// <remarks>Blanks around an optional quote are written <c>[ \t]*(?:["'][ \t]*)?</c>, not
    /// <c>[ \t]*["']?[ \t]*</c>: the same text, but without a quote the latter is two loops over the same
    /// blanks, which a failing match tries in every split (a keyword and 20,000 blanks: quadratic).</remarks>
    private const string Assign =
        @"(?:(?:[ \t]+(?:string|String|str|char\*?))?[ \t]*(?:[""'\x60][ \t]*)?(?::{1,3}=|=>|\?=|\.=|\+=|\|\|=?|=(?!=)|:(?!:)|>(?:[ \t]*\r?\n)?)[ \t]*(?:[""'\x60][ \t]*)?|[""'\x60][ \t]*,[ \t]*[""'\x60])";

    private const string Uuid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    /// <summary>An identifier that names the service (e.g. "snyk" in SNYK_API_TOKEN, snykToken) followed by an
    /// assignment of <paramref name="value"/>. The service name must start a word (or a camel-case part)
    /// and must not run on into lower-case letters ("sumOf" is not "sumo").</summary>
    private static string Keyed(string ids, string value) =>
        @"(?:(?<![A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z]))(?i:" + ids + @")(?![a-z])[\w.\-]{0,30}?" + Assign + "(?<s>" + value + ")" + Term;

    private static (string Name, string Pattern) P(string name, string pattern, string[] keywords, double entropy = 0,
        Func<string, bool>? validate = null, bool allowPlaceholders = false) => (name, pattern);

    private static bool MixedCase(string v) => SecretText.HasUpperAndLower(v);

    private static bool NoSequence(string v) => !SecretText.HasSequence(v, 6);

    public static IReadOnlyList<(string Name, string Pattern)> All { get; } =
    [
        // --- cloud providers -------------------------------------------------------------------
        P("aws-access-token", L + "(?<s>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})" + R,
            ["akia", "asia", "abia", "acca", "a3t"], 3.0, v => !v.EndsWith("EXAMPLE", StringComparison.Ordinal)),
        P("aws-amazon-bedrock-api-key-long-lived", L + "(?<s>ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,120}={0,2})(?![A-Za-z0-9+/=])",
            ["absk"], allowPlaceholders: true),
        P("aws-amazon-bedrock-api-key-short-lived", "(?<s>bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%_\\-]*)",
            ["bedrock-api-key-"], allowPlaceholders: true),
        P("gcp-api-key", L + @"(?<s>AIza[\w\-]{35})" + R, ["aiza"], 3.0, NoSequence),
        P("gcp-service-account", @"""type""\s*:\s*""(?<s>service_account)""", ["service_account"]),
        P("azure-ad-client-secret", @"(?<=^|[\\'""\x60\s>=:(,)])(?<s>[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?=$|[\\'""\x60\s<),])",
            ["q~"], 3.0),
        P("cloudflare-origin-ca-key", L + "(?<s>v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})" + R, ["v1.0-"], 3.0),
        P("cloudflare-api-key", Keyed("cloudflare", @"[\w\-]{40}"), ["cloudflare"], 3.5),
        P("cloudflare-global-api-key", Keyed("cloudflare", "[a-f0-9]{37}"), ["cloudflare"], 3.0),
        P("digitalocean-pat", L + "(?<s>dop_v1_[a-f0-9]{64})" + R, ["dop_v1_"], 3.0),
        P("digitalocean-access-token", L + "(?<s>doo_v1_[a-f0-9]{64})" + R, ["doo_v1_"], 3.0),
        P("digitalocean-refresh-token", L + "(?<s>dor_v1_[a-f0-9]{64})" + R, ["dor_v1_"], 3.0),
        P("heroku-api-key", Keyed("heroku", Uuid), ["heroku"]),
        P("heroku-api-key-v2", L + @"(?<s>HRKU-AA[0-9a-zA-Z_\-]{58})" + R, ["hrku-aa"], 3.0),
        P("flyio-access-token", L + @"(?<s>fo1_[\w\-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}|fm2_[A-Za-z0-9+/]{100,}={0,3})(?![A-Za-z0-9_\-+/=])",
            ["fo1_", "fm1", "fm2_"], 4.0),
        P("scalingo-api-token", L + @"(?<s>tk-us-[\w\-]{48})" + R, ["tk-us-"], 3.0),
        P("openshift-user-token", L + @"(?<s>sha256~[\w\-]{43})" + R, ["sha256~"], 3.5),
        P("clickhouse-cloud-api-secret-key", L + "(?<s>4b1d[A-Za-z0-9]{38})" + R, ["4b1d"], 3.0),
        P("databricks-api-token", L + @"(?<s>dapi[a-f0-9]{32}(?:-\d)?)" + R, ["dapi"], 3.0),
        P("doppler-api-token", L + "(?<s>dp\\.pt\\.[A-Za-z0-9]{43})" + R, ["dp.pt."], 3.0),
        P("dynatrace-api-token", L + "(?<s>dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64})" + R, ["dt0c01."], 3.0),
        P("hashicorp-tf-api-token", L + @"(?<s>(?i:[a-z0-9]{14}\.atlasv1\.[a-z0-9\-_=]{60,70}))" + R, ["atlasv1"], 3.5),
        P("vault-service-token", L + @"(?<s>hvs\.[\w\-]{90,120}|s\.[A-Za-z0-9]{24})" + R, ["hvs.", "vault", "token"], 3.5,
            v => v.StartsWith("hvs.", StringComparison.Ordinal) || (SecretText.HasDigit(v.AsSpan(2)) && MixedCase(v))),
        P("vault-batch-token", L + @"(?<s>hvb\.[\w\-]{138,300})" + R, ["hvb."], 4.0),
        P("pulumi-api-token", L + "(?<s>pul-[a-f0-9]{40})" + R, ["pul-"], 3.0),
        P("infracost-api-token", L + "(?<s>ico-[a-zA-Z0-9]{32})" + R, ["ico-"], 3.0),
        P("intra42-client-secret", L + "(?<s>s-s4t2(?:ud|af)-[a-f0-9]{64})" + R, ["s-s4t2"], 3.0),
        P("octopus-deploy-api-key", "(?<![A-Za-z0-9_\\-/])(?<s>API-[A-Z0-9]{26})" + R, ["api-"], 3.0),
        P("prefect-api-token", L + "(?<s>pnu_[a-zA-Z0-9]{36})" + R, ["pnu_"], 3.0),
        P("readme-api-token", L + "(?<s>rdme_[a-z0-9]{70})" + R, ["rdme_"], 3.0),
        P("planetscale-api-token", L + @"(?<s>pscale_tkn_[\w=.\-]{32,64})" + R, ["pscale_tkn_"], 3.0),
        P("planetscale-password", L + @"(?<s>pscale_pw_[\w=.\-]{32,64})" + R, ["pscale_pw_"], 3.0),
        P("artifactory-api-key", L + "(?<s>AKCp[A-Za-z0-9]{69})" + R, ["akcp"], 4.5),
        P("artifactory-reference-token", L + "(?<s>cmVmd[A-Za-z0-9]{59})" + R, ["cmvmd"], 4.5),

        // --- source hosting, CI, package registries -------------------------------------------
        P("github-pat", L + "(?<s>ghp_[0-9a-zA-Z]{36})" + R, ["ghp_"], 3.0),
        P("github-oauth", L + "(?<s>gho_[0-9a-zA-Z]{36})" + R, ["gho_"], 3.0),
        P("github-app-token", L + "(?<s>(?:ghu|ghs)_[0-9a-zA-Z]{36})" + R, ["ghu_", "ghs_"], 3.0),
        P("github-refresh-token", L + "(?<s>ghr_[0-9a-zA-Z]{36})" + R, ["ghr_"], 3.0),
        P("github-fine-grained-pat", L + "(?<s>github_pat_[0-9a-zA-Z_]{82})" + R, ["github_pat_"], 3.0),
        P("gitlab-pat", L + @"(?<s>glpat-[\w\-]{20})" + R, ["glpat-"], 3.0),
        P("gitlab-pat-routable", L + @"(?<s>glpat-[\w\-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7})" + R, ["glpat-"], 3.0),
        P("gitlab-ptt", L + "(?<s>glptt-[0-9a-f]{40})" + R, ["glptt-"], 3.0),
        P("gitlab-rrt", L + @"(?<s>GR1348941[\w\-]{20})" + R, ["gr1348941"], 3.0),
        P("gitlab-runner-authentication-token", L + @"(?<s>glrt-[\w\-]{20})" + R, ["glrt-"], 3.0),
        P("gitlab-runner-authentication-token-routable", L + @"(?<s>glrt-t\d_[\w\-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7})" + R, ["glrt-"], 3.0),
        P("gitlab-deploy-token", L + @"(?<s>gldt-[\w\-]{20})" + R, ["gldt-"], 3.0),
        P("gitlab-feed-token", L + @"(?<s>glft-[\w\-]{20})" + R, ["glft-"], 3.0),
        P("gitlab-incoming-mail-token", L + @"(?<s>glimt-[\w\-]{25})" + R, ["glimt-"], 3.0),
        P("gitlab-cicd-job-token", L + @"(?<s>glcbt-[0-9a-zA-Z]{1,5}_[\w\-]{20})" + R, ["glcbt-"], 3.0),
        P("gitlab-kubernetes-agent-token", L + @"(?<s>glagent-[\w\-]{50})" + R, ["glagent-"], 3.0),
        P("gitlab-oauth-app-secret", L + @"(?<s>gloas-[\w\-]{64})" + R, ["gloas-"], 3.0),
        P("gitlab-scim-token", L + @"(?<s>glsoat-[\w\-]{20})" + R, ["glsoat-"], 3.0),
        P("gitlab-feature-flag-client-token", L + @"(?<s>glffct-[\w\-]{20})" + R, ["glffct-"], 3.0),
        P("npm-access-token", L + "(?<s>npm_[A-Za-z0-9]{36})" + R, ["npm_"], 3.0),
        P("pypi-upload-token", L + @"(?<s>pypi-AgEIcHlwaS5vcmc[\w\-]{50,1000})" + R, ["pypi-ageichlwas5vcmc"], 3.0),
        P("rubygems-api-token", L + "(?<s>rubygems_[a-f0-9]{48})" + R, ["rubygems_"], 3.0),
        P("snyk-api-token", Keyed("snyk", Uuid), ["snyk"]),
        P("sonar-api-token", Keyed("sonar", @"(?:squ_|sqp_|sqa_)?[A-Za-z0-9=_\-]{40}"), ["sonar"], 3.0),
        P("sourcegraph-access-token",
            L + @"(?<s>sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40})" + R + "|" + Keyed("sourcegraph", "[a-fA-F0-9]{40}"),
            ["sgp_", "sourcegraph"], 3.0),
        P("atlassian-api-token",
            L + @"(?<s>ATATT3[A-Za-z0-9_\-=]{186})" + R + "|" + Keyed("atlassian|confluence|jira", "[A-Za-z0-9]{24}"),
            ["atatt3", "atlassian", "confluence", "jira"], 3.5, v => SecretText.HasDigit(v) && SecretText.HasLetter(v)),
        P("grafana-api-key", L + "(?<s>eyJrIjoi[A-Za-z0-9]{70,400}={0,3})" + R, ["eyjrijoi"], 3.0),
        P("grafana-cloud-api-token", L + "(?<s>glc_[A-Za-z0-9+/]{32,400}={0,3})(?![A-Za-z0-9+/=])", ["glc_"], 3.0),
        P("grafana-service-account-token", L + "(?<s>glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})" + R, ["glsa_"], 3.0),
        P("linear-api-key", L + "(?<s>lin_api_[A-Za-z0-9]{40})" + R, ["lin_api_"], 3.0),
        P("postman-api-token", L + "(?<s>PMAK-[a-f0-9]{24}-[a-f0-9]{34})" + R, ["pmak-"], 3.0),
        P("new-relic-user-api-key", L + "(?<s>NRAK-[A-Z0-9]{27})" + R, ["nrak-"], 3.0),
        P("notion-api-token", L + @"(?<s>ntn_\d{11}[A-Za-z0-9]{35})" + R, ["ntn_"], 4.0, MixedCase),
        P("okta-access-token", Keyed("okta", @"00[\w=\-]{40}"), ["okta"], 4.0),
        P("sumologic-access-id", Keyed("sumo(?:logic)?", "su[a-zA-Z0-9]{12}"), ["sumo"], 3.0),
        P("sumologic-access-token", Keyed("sumo(?:logic)?", "[A-Za-z0-9]{64}"), ["sumo"], 3.0),
        P("mailchimp-api-key", Keyed("mailchimp", @"[a-f0-9]{32}-us\d{1,2}"), ["mailchimp"], 3.0),
        P("mailgun-private-api-token", Keyed("mailgun", "key-[a-f0-9]{32}"), ["mailgun"], 3.0),
        P("maxmind-license-key", L + "(?<s>[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)" + R, ["_mmk"], 4.0),
        P("messagebird-client-id", Keyed("message[_\\-]?bird", Uuid), ["messagebird", "message-bird", "message_bird"]),
        P("hubspot-api-key", Keyed("hubspot", Uuid), ["hubspot"]),
        P("sentry-org-token", L + "(?<s>sntrys_eyJ[A-Za-z0-9+/=]{30,}_[A-Za-z0-9+/=]{40,})", ["sntrys_"], 4.0),
        P("sentry-user-token", L + "(?<s>sntryu_[a-f0-9]{64})" + R, ["sntryu_"], 3.0),
        P("sentry-access-token", Keyed("sentry", "[a-f0-9]{64}"), ["sentry"], 3.0),
        P("discord-client-id", Keyed("discord", @"\d{18}"), ["discord"], 2.0),
        P("discord-client-secret", Keyed("discord", @"[A-Za-z0-9=_\-]{32}"), ["discord"], 2.0),
        P("easypost-api-token", L + "(?<s>EZAK[A-Za-z0-9]{54})" + R, ["ezak"], 3.0),
        P("easypost-test-api-token", L + "(?<s>EZTK[A-Za-z0-9]{54})" + R, ["eztk"], 3.0),
        P("etsy-access-token", Keyed("etsy", "[A-Za-z0-9]{24}"), ["etsy"], 3.0),
        P("beamer-api-token", Keyed("beamer", @"b_[A-Za-z0-9=_\-]{44}"), ["beamer"], 3.0),
        P("cisco-meraki-api-key", Keyed("meraki", "[0-9a-f]{40}"), ["meraki"], 3.0),
        P("cohere-api-token", Keyed("cohere|co_api_key", "[A-Za-z0-9]{40}"), ["cohere", "co_api_key"], 4.0),
        P("privateai-api-token", Keyed("private[_\\-]?ai", "[A-Za-z0-9]{32}"), ["privateai", "private_ai", "private-ai"], 3.0),
        P("shopify-access-token", L + "(?<s>shpat_[a-fA-F0-9]{32})" + R, ["shpat_"], 3.0),
        P("shopify-custom-access-token", L + "(?<s>shpca_[a-fA-F0-9]{32})" + R, ["shpca_"], 3.0),
        P("shopify-private-app-access-token", L + "(?<s>shppa_[a-fA-F0-9]{32})" + R, ["shppa_"], 3.0),
        P("shopify-shared-secret", L + "(?<s>shpss_[a-fA-F0-9]{32})" + R, ["shpss_"], 3.0),
        P("sidekiq-secret", @"(?i:BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM)[ \t]*[:=][ \t]*[""']?(?<s>[a-f0-9]{8}:[a-f0-9]{8})" + Term,
            ["contribsys__com"]),
        P("sidekiq-sensitive-url", @"(?i:https?)://(?<s>[a-f0-9]{8}:[a-f0-9]{8})@(?i:gems|enterprise)\.contribsys\.com",
            ["contribsys.com"]),
        P("freemius-secret-key", @"[""']secret_key[""'][ \t]*=>[ \t]*[""'](?<s>sk_[^""'\s]{29})[""']", ["secret_key"], allowPlaceholders: true),

        // --- messaging, AI, payment -------------------------------------------------------------
        P("slack-bot-token", L + @"(?<s>xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9\-]*)" + R, ["xoxb"], 3.0),
        P("slack-user-token", L + @"(?<s>xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9\-]{28,34})" + R, ["xoxp-", "xoxe-"], 3.0),
        P("slack-app-token", L + @"(?<s>(?i:xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+))" + R, ["xapp"], 3.0),
        P("slack-config-access-token", L + @"(?<s>(?i:xoxe\.xox[bp]-\d-[A-Z0-9]{163,166}))" + R, ["xoxe.xoxb-", "xoxe.xoxp-"], 3.0),
        P("slack-config-refresh-token", L + @"(?<s>(?i:xoxe-\d-[A-Z0-9]{146}))" + R, ["xoxe-"], 3.0),
        P("slack-legacy-bot-token", L + @"(?<s>xoxb-[0-9]{8,14}-[a-zA-Z0-9]{18,26})" + R, ["xoxb"], 3.0),
        P("slack-legacy-workspace-token", L + @"(?<s>xox[ar]-(?:\d-)?[0-9a-zA-Z]{8,48}(?:-[0-9a-zA-Z]{1,48}){0,4})" + R, ["xoxa", "xoxr"], 2.0),
        P("slack-legacy-token", L + @"(?<s>xox[os]-\d+-\d+-\d+-[a-fA-F\d]+)" + R, ["xoxo", "xoxs"], 3.0),
        P("slack-webhook-url", @"(?<s>(?:https?://)?hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,56})", ["hooks.slack.com"], 3.0),
        P("microsoft-teams-webhook", @"(?<s>https://[a-z0-9\-]+\.webhook\.office\.com/webhookb2/[a-z0-9\-]{36}@[a-z0-9\-]{36}/IncomingWebhook/[a-z0-9]{32}/[a-z0-9\-]{36})",
            ["webhook.office.com"], 3.0),
        P("discord-webhook-url", @"(?<s>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[\w\-]{60,80})", ["discord"], 3.0),
        P("telegram-bot-api-token", L + @"(?<s>\d{8,10}:AA[\w\-]{33})" + R, [":aa"], 3.0),
        P("openai-api-key", L + @"(?<s>sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_\-]{20,150}T3BlbkFJ[A-Za-z0-9_\-]{20,150})" + R, ["t3blbkfj"], 3.0),
        P("anthropic-api-key", L + @"(?<s>sk-ant-api03-[\w\-]{93}AA)" + R, ["sk-ant-api03"], 3.0),
        P("anthropic-admin-api-key", L + @"(?<s>sk-ant-admin01-[\w\-]{93}AA)" + R, ["sk-ant-admin01"], 3.0),
        P("perplexity-api-key", L + "(?<s>pplx-[A-Za-z0-9]{48})" + R, ["pplx-"], 3.0),
        P("huggingface-access-token", L + "(?<s>hf_[A-Za-z]{34})" + R, ["hf_"], 3.0, MixedCase),
        P("huggingface-organization-api-token", L + "(?<s>api_org_[A-Za-z]{34})" + R, ["api_org_"], 3.0, MixedCase),
        P("stripe-access-token", L + "(?<s>(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99})" + R,
            ["sk_test", "sk_live", "sk_prod", "rk_test", "rk_live", "rk_prod"], 3.0),
        P("square-access-token", L + @"(?<s>(?:EAAA|sq0atp-)[\w\-]{22,60})" + R, ["eaaa", "sq0atp-"], 3.0),
        P("square-secret", L + @"(?<s>sq0csp-[\w\-]{43})" + R, ["sq0csp-"], 3.0),
        P("sendgrid-api-token", L + @"(?<s>SG\.[\w\-]{22}\.[\w\-]{43})" + R, ["sg."], 3.0),
        P("twilio-api-key", L + "(?<s>SK[0-9a-fA-F]{32})" + R, ["sk"], 3.0),
        P("facebook-access-token", L + @"(?<s>\d{15,16}(?:\||%7[Cc])[\w\-]{27,40})" + R, ["|", "%7c"], 3.0),
        P("facebook-page-access-token", L + "(?<s>EAA[MC][A-Za-z0-9]{100,})" + R, ["eaam", "eaac"], 4.0),
        P("facebook-secret", Keyed("facebook", "[a-f0-9]{32}"), ["facebook"], 3.0),

        // --- keys, identity ---------------------------------------------------------------------
        P("age-secret-key", "(?<s>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", ["age-secret-key-1"], allowPlaceholders: true),
        P("1password-secret-key", L + "(?<s>A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})" + R,
            ["a3-"], 3.8),
        P("1password-service-account-token", L + "(?<s>ops_eyJ[A-Za-z0-9+/]{250,}={0,3})(?![A-Za-z0-9+/=])", ["ops_eyj"], 4.0),
        P("jwt", L + @"(?<s>(?>ey[A-Za-z0-9]{17,})\.(?>ey[A-Za-z0-9/\\_\-]{17,})\.(?:(?>[A-Za-z0-9/\\_\-]{10,})={0,2})?)(?=[\x60'""\s;,)\]}<>&|]|$)",
            ["eyj"], 3.0),
    
        P("basic-auth-url", @"(?<![\w.+\-])(?i:[a-z][a-z0-9+.\-]{1,15})://(?<u>[^\s:/@'""<>{}\[\]]{1,64}):(?<s>[^\s/@'""<>]{3,128})@(?=[\w\-\[])", ["://"]),
    ];
}
