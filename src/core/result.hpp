#pragma once
// Result<T>: an expected-style value-or-error used by every module for failures that are
// part of normal operation (bad input, I/O, network, HTTP). Shaped like std::expected so it
// can be swapped for it once the toolchain has C++23.

#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace ssosnap::core
{

/// Stable failure classes. Each maps to one documented process exit status (see
/// docs/cli.md, EXIT STATUS); keep the mapping in exit_status() in sync.
enum class Errc {
    usage,     ///< wrong flags or arguments (exit 2)
    input,     ///< local input unusable: unreadable file, not a zip, bad metadata (exit 3)
    remote,    ///< server or network failure (exit 4)
    auth,      ///< authentication or permission refused (exit 5)
    refused,   ///< refused by a safety gate (exit 6)
    internal,  ///< a bug or an unexpected environment failure (exit 70)
};

/// Returns the process exit status documented for `code`.
int exit_status(Errc code);

/// Returns a short stable name for `code` ("usage", "input", ...), used in JSON output.
const char* errc_name(Errc code);

/// An expected failure: a class, a stable machine code (e.g. "not-a-zip") and a message
/// that reads as "<context>: <context>: <what>".
struct Error {
    Errc code = Errc::internal;
    std::string message;
    std::string id;  ///< stable finding-style code such as "crc-mismatch"; may be empty

    /// Returns a copy whose message is prefixed with `context` ("reading 'a.zip'").
    [[nodiscard]] Error with_context(const std::string& context) const;
};

/// Tag type carrying an Error into a Result, like std::unexpected.
struct Unexpected {
    Error error;
};

/// Builds an Unexpected from its parts: `return core::fail(Errc::input, "not a zip");`
inline Unexpected fail(Errc code, std::string message, std::string id = {})
{
    return Unexpected{Error{code, std::move(message), std::move(id)}};
}
inline Unexpected fail(Error error)
{
    return Unexpected{std::move(error)};
}

/// Holds either a T or an Error. Accessing the wrong side aborts (a programming error).
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}         // NOLINT implicit
    Result(Unexpected u) : m_v(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

    bool has_value() const { return m_v.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() &
    {
        check(true);
        return std::get<0>(m_v);
    }
    const T& value() const&
    {
        check(true);
        return std::get<0>(m_v);
    }
    T&& value() &&
    {
        check(true);
        return std::get<0>(std::move(m_v));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const
    {
        check(false);
        return std::get<1>(m_v);
    }

    /// Returns the value or `fallback` when this holds an error.
    T value_or(T fallback) const { return has_value() ? std::get<0>(m_v) : std::move(fallback); }

    /// Returns this result with `context` prefixed to the error message, if any.
    Result with_context(const std::string& context) &&
    {
        if (has_value()) return std::move(*this);
        return Unexpected{error().with_context(context)};
    }

private:
    void check(bool want_value) const
    {
        if (has_value() != want_value) std::abort();
    }
    std::variant<T, Error> m_v;
};

/// Result for operations that produce nothing but may fail.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Unexpected u) : m_error(std::move(u.error)), m_failed(true) {}  // NOLINT implicit

    bool has_value() const { return !m_failed; }
    explicit operator bool() const { return has_value(); }
    const Error& error() const
    {
        if (!m_failed) std::abort();
        return m_error;
    }
    Result with_context(const std::string& context) &&
    {
        if (m_failed) m_error = m_error.with_context(context);
        return std::move(*this);
    }

private:
    Error m_error;
    bool m_failed = false;
};

}  // namespace ssosnap::core

/// Propagates the error of an expression yielding a Result<U>: returns it from the caller.
#define SSOSNAP_TRY(expr)                                                                          \
    do {                                                                                           \
        auto ssosnap_try_result_ = (expr);                                                         \
        if (!ssosnap_try_result_) return ::ssosnap::core::Unexpected{ssosnap_try_result_.error()}; \
    } while (false)
