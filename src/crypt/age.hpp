#pragma once
// Encryption and decryption with the `age` program (https://age-encryption.org/v1, Debian
// package `age`), run as a child process the way git runs gpg: no cryptography here, and every
// key type age supports (X25519, ssh-ed25519, ssh-rsa, plugins) works unchanged.
//
// Plaintext only ever travels through pipes and memory: an AgeWriter (and encrypt_to_file(),
// which uses one) feeds age's stdin from memory, piece by piece as the caller has them, and
// writes its stdout into an AtomicFile (0600, removed on failure and on SIGINT/SIGTERM);
// decrypt_file() gives age the ciphertext file as stdin and reads the plaintext from a pipe
// into memory, bounded. Identities go to age as file paths (-i FILE), never as argument
// values; age's stderr is kept in a memory file and reported escaped and bounded (it names
// files and key types, never key material).
//
// Stable error ids (Error::id), with their classes:
//   age-missing                 the program is not found              Errc::input  (exit 3)
//   age-no-identity             encrypted, but no --identity given    Errc::input  (exit 3)
//   age-wrong-identity          no identity matched a recipient       Errc::input  (exit 3)
//   age-corrupt                 truncated or altered ciphertext       Errc::input  (exit 3)
//   age-bad-identity            an identity file age cannot use       Errc::input  (exit 3)
//   age-passphrase-no-terminal  passphrase file, no terminal to ask   Errc::input  (exit 3)
//   age-bad-recipient           a recipient that is not a public key  Errc::usage  (exit 2)
//   age-too-large               plaintext beyond the size limit       Errc::input  (exit 3)
//   age-failed                  any other failure of age              Errc::input  (exit 3)

#include "core/files.hpp"
#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ssosnap::crypt
{

/// What the age program is given. Nothing here is secret: identities are paths.
struct AgeOptions {
    /// The program: empty means "age" found on PATH; a name without '/' is looked up on PATH.
    std::string program;
    std::vector<std::string> recipients;                 ///< -r: "age1…", "ssh-ed25519 …"
    std::vector<std::filesystem::path> recipient_files;  ///< -R: one recipient a line
    std::vector<std::filesystem::path> identities;       ///< -i: private keys, by path
};

/// True when `options` names at least one recipient (writes then encrypt).
bool encrypts(const AgeOptions& options);

/// File name suffix of an encrypted archive: "NAME.zip" + k_suffix.
inline constexpr std::string_view k_suffix = ".age";

/// True when `head` (the first bytes of a file) starts an age v1 file, binary or armored.
bool is_age_header(std::string_view head);

/// True when the file at `path` starts with an age v1 header; false when it does not or
/// cannot be read (the caller's own open then reports why).
bool is_age_file(const std::filesystem::path& path);

/// True when the age file at `path` is passphrase-encrypted (an scrypt stanza).
bool is_passphrase_file(const std::filesystem::path& path);

/// Resolves options.program: an explicit path as given, else a PATH search (`path_env` is
/// the PATH value). Fails with Errc::input, id "age-missing", naming the Debian package.
core::Result<std::filesystem::path> find_program(const std::string& program,
                                                 const std::optional<std::string>& path_env);

struct Encrypted {
    std::uint64_t bytes = 0;   ///< ciphertext size
    std::string sha256;        ///< hex digest of the ciphertext, computed while writing
    std::string plain_sha256;  ///< hex digest of the plaintext, computed while age encrypts
};

/// Encrypts `plaintext` to every recipient and writes the age file to `to` atomically, mode
/// 0600. Nothing is written under `to` on failure. Fails with the ids above, or Errc::input
/// when `to` cannot be written.
core::Result<Encrypted> encrypt_to_file(const AgeOptions& options, std::string_view plaintext,
                                        const std::filesystem::path& to,
                                        core::Overwrite overwrite = core::Overwrite::no);

/// One age run writing one encrypted file from a stream of plaintext: a download is handed to
/// age while it is still arriving. write() queues a copy of the next bytes and returns; a
/// thread of the writer's own sends them to age (hashing them as they go), so the caller goes
/// on receiving while age encrypts instead of waiting for age to read each piece. finish()
/// sends what is queued, ends age's input, waits for age and commits the file. Destroyed
/// unfinished, it stops age and removes the temporary: nothing is ever written under `to`.
class AgeWriter
{
public:
    /// How write() hands bytes to age: `queued` copies them for the writer's own thread (for a
    /// caller that has more to do while age works, such as receiving a download); `direct`
    /// sends them from the caller's memory before it returns (for a plaintext that is complete:
    /// no copy).
    enum class Feeding { queued, direct };

    /// Starts age for every recipient and a temporary (0600) beside `to`. Fails with the ids
    /// above, or Errc::input when `to` cannot be written (or exists, with Overwrite::no).
    static core::Result<AgeWriter> start(const AgeOptions& options, const std::filesystem::path& to,
                                         core::Overwrite overwrite = core::Overwrite::no,
                                         Feeding feeding = Feeding::queued);
    AgeWriter(AgeWriter&& other) noexcept;
    AgeWriter& operator=(AgeWriter&& other) noexcept;
    AgeWriter(const AgeWriter&) = delete;
    AgeWriter& operator=(const AgeWriter&) = delete;
    ~AgeWriter();

    /// Hands `plaintext`, the next bytes, to age: Feeding::queued queues a copy and waits only
    /// while k_queue_bound bytes are queued and unsent; Feeding::direct returns once age has
    /// read them. When age has stopped reading, waits for it and fails with its error (the ids
    /// above); the writer is then finished. An error found after the last write() is reported
    /// by finish().
    core::Result<void> write(std::string_view plaintext);
    /// Sends what is queued, ends the input, waits for age and commits the file. Fails with the
    /// ids above, or Errc::input when the file could not be written. Call once.
    core::Result<Encrypted> finish();

    /// At most this many bytes wait in the writer for age to read them: enough for a download
    /// to finish receiving and check its zip while age still encrypts (age is the slower of the
    /// two), bounded so that a slow age cannot double a large plaintext in memory.
    static constexpr std::size_t k_queue_bound = std::size_t{64} << 20;

private:
    struct Impl;
    explicit AgeWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

struct Decrypted {
    std::string plaintext;
    std::string sha256;  ///< hex digest of the plaintext, computed while age decrypts
};

/// Decrypts the age file `from` with options.identities into memory. More than `max_bytes`
/// of plaintext fails with id "age-too-large" (age is stopped). With no identity, only a
/// passphrase file is tried (age asks on the terminal); anything else fails with
/// "age-no-identity" before age runs.
core::Result<Decrypted> decrypt_file(const AgeOptions& options, const std::filesystem::path& from,
                                     std::uint64_t max_bytes);

/// Maps what age wrote on stderr (and its exit status) to one of the errors above. Public
/// so tests can pin the mapping on age's own messages.
core::Error classify_failure(std::string_view age_stderr, int status);

}  // namespace ssosnap::crypt
