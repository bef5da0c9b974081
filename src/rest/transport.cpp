#include "rest/transport.hpp"

#include "core/strings.hpp"

namespace ssosnap::rest
{

const char* method_name(Method method)
{
    switch (method) {
    case Method::get:
        return "GET";
    case Method::post:
        return "POST";
    case Method::del:
        return "DELETE";
    case Method::put:
        return "PUT";
    case Method::head:
        return "HEAD";
    }
    return "GET";
}

bool is_idempotent(Method method)
{
    // DELETE is idempotent in HTTP terms, but a repeated DELETE of a snapshot that the first
    // attempt did remove answers 404: only GET is retried.
    return method == Method::get || method == Method::head;
}

const char* auth_scheme_name(AuthScheme scheme)
{
    switch (scheme) {
    case AuthScheme::none:
        return "none";
    case AuthScheme::basic:
        return "basic";
    case AuthScheme::ksso_token:
        return "ksso-token";
    case AuthScheme::bearer:
        return "bearer";
    case AuthScheme::aws_sigv4:
        return "aws-sigv4";
    }
    return "none";
}

std::optional<AuthScheme> parse_auth_scheme(std::string_view text)
{
    if (text == "basic") return AuthScheme::basic;
    if (text == "ksso-token") return AuthScheme::ksso_token;
    if (text == "bearer") return AuthScheme::bearer;
    return std::nullopt;
}

BodySource BodySource::text(std::string body, std::string type)
{
    BodySource s;
    s.kind = Kind::bytes;
    s.bytes = std::move(body);
    s.content_type = std::move(type);
    return s;
}

BodySource BodySource::file(std::filesystem::path path, std::string type)
{
    BodySource s;
    s.kind = Kind::file;
    s.path = std::move(path);
    s.content_type = std::move(type);
    return s;
}

BodySource BodySource::form_file(std::string field, std::filesystem::path path,
                                 std::string file_name)
{
    BodySource s;
    s.kind = Kind::form_file;
    s.form_field = std::move(field);
    s.path = std::move(path);
    s.form_file_name = std::move(file_name);
    return s;
}

BodySource BodySource::form_bytes(std::string field, std::string bytes, std::string file_name)
{
    BodySource s;
    s.kind = Kind::form_bytes;
    s.form_field = std::move(field);
    s.bytes = std::move(bytes);
    s.form_file_name = std::move(file_name);
    return s;
}

std::optional<std::string> Response::header(std::string_view name) const
{
    for (const auto& [k, v] : headers) {
        if (core::iequals(k, name)) return v;
    }
    return std::nullopt;
}

bool is_transient_transport_error(const core::Error& error)
{
    return error.id == "connect" || error.id == "timeout" || error.id == "transfer";
}

bool is_unreachable(const core::Error& error)
{
    return error.id == "connect" || error.id == "connection-refused" ||
           error.id == "plain-http-port" || error.id == "tls-port";
}

}  // namespace ssosnap::rest
