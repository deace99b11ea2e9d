vcl 4.1;
# Varnish in front of the hub's web servers (README, "Several machines"; tests/cdn starts it).
#
# * Anonymous GET/HEAD requests for the public site (/en/..., /fr/...) are looked up in the
#   cache: their cookies and Accept-Language are dropped (the language is in the address), and
#   Django says what may be kept and how long (Cache-Control: public, s-maxage=...). Pages
#   marked "private, no-store" (signed in, forms, private links) are never kept.
# * A signed-in visitor (sessionid cookie), anything else (admin, documents, API, POST) goes
#   straight to the web servers.
# * "PURGE /en/some/page/" from the purgers below forgets that address with every query string
#   (Wagtail's frontend cache sends it on publish, unpublish, move and delete); with the header
#   "X-Purge-Prefix: 1" it forgets every address that starts with it.

backend default {
    .host = "127.0.0.1";
    .port = "8001";
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.http.X-Purge-Prefix) {
            ban("obj.http.X-Url ~ ^" + regsub(req.url, "\?.*$", ""));
        } else {
            ban("obj.http.X-Url ~ ^" + regsub(req.url, "\?.*$", "") + "(\?|$)");
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url !~ "^/(en|fr)/") {
        return (pass);
    }
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    unset req.http.Cookie;
    unset req.http.Accept-Language;
    return (hash);
}

sub vcl_backend_response {
    # Kept on the object so that bans can match it without the request (ban lurker).
    set beresp.http.X-Url = bereq.url;
}

sub vcl_deliver {
    unset resp.http.X-Url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
