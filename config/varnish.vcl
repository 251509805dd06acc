# Varnish in front of the portal (Varnish 6 or 7 with the xkey module; Debian:
# apt-get install varnish varnish-modules). See docs/deploy.md, "A CDN or reverse proxy
# in front". tests/portal/caching/test_varnish.py runs this file against a real Varnish.
vcl 4.1;

import xkey;

# The app servers (one line per server, or a director for several).
backend portal {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may send purges: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
}

sub vcl_recv {
    # A change's keys, sent by the app (CDN_PURGE=varnish): forget every page holding one.
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        return (synth(200, "Purged " + xkey.purge(req.http.xkey-purge) + " objects"));
    }
    # Staff, the admin and answers that vary by header (the API, the Infobutton) go to the app.
    if (req.url ~ "^/(admin|markdownx|api|infobutton|healthz)" || req.http.Cookie ~ "(sessionid|signed_in)=") {
        return (pass);
    }
    unset req.http.Cookie;  # public pages read no cookie
}

sub vcl_backend_response {
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        return (deliver);
    }
    # xkey indexes a page by the keys in its xkey header: the page's Surrogate-Key.
    set beresp.http.xkey = beresp.http.Surrogate-Key;
    set beresp.keep = 5m;  # revalidate with the ETag after the TTL (s-maxage)
}

sub vcl_deliver {
    unset resp.http.xkey;
}
