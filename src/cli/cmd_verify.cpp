// ssosnap verify ARCHIVE...: inflates every entry (CRC-32 checked), runs the lint, checks the
// metadata and an "ARCHIVE.sha256" sidecar when there is one.

#include "archive/lint.hpp"
#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "workflow/snapshot_file.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ssosnap::cli
{
namespace
{

struct VerifyOptions {
    std::vector<std::string> archives;
    archive::Limits limits;
    AgeFlags age;
    S3Flags s3;  ///< s3://BUCKET/KEY archives are staged (cli/s3_support.hpp)
};

enum class Outcome { ok, failed, unreadable };

struct Verdict {
    std::string path;
    Outcome outcome = Outcome::ok;
    std::size_t entries = 0;
    workflow::SidecarState sidecar = workflow::SidecarState::not_checked;
    std::vector<core::Finding> findings;
    bool encrypted = false;
    bool decrypted = false;  ///< false: only the stored file and its sidecars were checked
};

const char* outcome_name(Outcome o)
{
    return o == Outcome::ok ? "ok" : o == Outcome::failed ? "failed" : "unreadable";
}

// An encrypted archive without its identity: the stored file (`file`) against its .sha256, and
// the readable sidecar; the verdict says what was left unchecked.
bool verify_sealed(Verdict& v, const std::filesystem::path& file)
{
    auto sealed = workflow::load_sealed(file);
    if (!sealed) return false;
    v.encrypted = true;
    v.entries = sealed->sealed.entries;
    v.sidecar = sealed->sha256;
    v.findings = sealed->findings;
    if (v.sidecar == workflow::SidecarState::absent) {
        v.findings.push_back({core::Severity::error, "sidecar-absent", v.path,
                              "encrypted, no --identity and no .sha256 sidecar: nothing about "
                              "the stored file could be checked"});
    }
    v.outcome = core::has_errors(v.findings) ? Outcome::failed : Outcome::ok;
    return true;
}

// The verdict on the i-th archive, named as given: what the readers say about a staged copy
// names its s3:// location (StagedArchives::shown).
Verdict verify_one(Context& ctx, const VerifyOptions& opt, const StagedArchives& archives,
                   std::size_t i)
{
    Verdict v;
    v.path = opt.archives[i];
    const auto& file = archives.path(i);
    auto loaded = workflow::load_snapshot(file, opt.limits, workflow::SidecarCheck::yes,
                                          age_options(ctx, opt.age));
    if (!loaded && workflow::needs_identity(loaded.error()) && verify_sealed(v, file)) {
        v.findings = archives.shown(std::move(v.findings));
        return v;
    }
    if (!loaded) {
        // Not readable at all: still one finding, with the reader's stable code.
        const auto error = archives.shown(loaded.error());
        print_error_line(ctx, error);
        v.outcome = Outcome::unreadable;
        v.findings.push_back(
            {core::Severity::error, error.id.empty() ? "unreadable" : error.id, "", error.message});
        return v;
    }
    v.entries = loaded->reader.entries().size();
    v.encrypted = loaded->encrypted;
    v.decrypted = loaded->encrypted;
    v.sidecar = loaded->sha256;
    v.findings = archive::lint_structure(loaded->reader);
    auto contents = archive::lint_contents(loaded->reader);
    v.findings.insert(v.findings.end(), contents.begin(), contents.end());
    v.findings.insert(v.findings.end(), loaded->findings.begin(), loaded->findings.end());
    v.findings = archives.shown(std::move(v.findings));
    v.outcome = core::has_errors(v.findings) ? Outcome::failed : Outcome::ok;
    return v;
}

void print_text(Context& ctx, const Verdict& v)
{
    std::string note = std::to_string(v.entries) + " entries";
    if (v.sidecar == workflow::SidecarState::match) note += ", .sha256 matches";
    if (v.decrypted) note += ", decrypted";
    if (v.encrypted && !v.decrypted) note += ", encrypted: contents not checked without --identity";
    if (v.outcome == Outcome::unreadable) note = "cannot be read";
    ctx.out << outcome_name(v.outcome) << "  " << core::escape_controls(v.path) << "  (" << note
            << ")\n";
    std::ostringstream lines;
    print_findings(lines, v.findings);
    std::istringstream in(lines.str());
    for (std::string line; std::getline(in, line);)
        ctx.out << "  " << line << "\n";
}

void run_verify(Context& ctx, const VerifyOptions& opt, const StagedArchives& archives)
{
    std::vector<Verdict> verdicts;
    for (std::size_t i = 0; i < opt.archives.size(); ++i)
        verdicts.push_back(verify_one(ctx, opt, archives, i));
    int status = 0;
    for (const auto& v : verdicts) {
        if (v.outcome == Outcome::unreadable) status = 3;
        if (v.outcome == Outcome::failed && status == 0) status = 1;
    }
    if (ctx.json) {
        auto doc = envelope(ctx);
        auto arr = nlohmann::json::array();
        for (const auto& v : verdicts) {
            arr.push_back({{"path", v.path},
                           {"status", outcome_name(v.outcome)},
                           {"entries", v.entries},
                           {"sha256_sidecar", workflow::sidecar_state_name(v.sidecar)},
                           {"encrypted", v.encrypted},
                           {"contents_checked", !v.encrypted || v.decrypted},
                           {"findings", findings_json(v.findings)}});
        }
        doc["archives"] = arr;
        doc["ok"] = status == 0;
        print_json(ctx, doc);
    } else {
        for (const auto& v : verdicts)
            print_text(ctx, v);
    }
    ctx.status = status;
}

}  // namespace

void add_verify(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto opt = std::make_shared<VerifyOptions>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("ARCHIVE", opt->archives,
                    "Snapshot archives (.zip, .zip.age) to check completely")
        ->required();
    add_limit_flags(*cmd, opt->limits);
    add_identity_flags(*cmd, opt->age);
    add_json_flag(*cmd, ctx);
    add_s3_flags(*cmd, opt->s3);
    cmd->footer(
        "Inflates every entry and checks its CRC-32, lints names and the central directory\n"
        "(unsafe-path, symlink-entry, duplicate-name, overlapping-entries, limit-exceeded,\n"
        "encrypted-entry, truncated, ...), checks the metadata, and compares ARCHIVE.sha256\n"
        "when it exists.\n\n"
        "Example:\n  ssosnap verify backups/*.zip\n\n"
        "Exit status: 0 every archive intact (warnings allowed), 1 error findings,\n"
        "3 an archive cannot be read at all (wins over 1).");
    cmd->callback([&ctx, &spec, opt] {
        ctx.command = spec.name;
        auto archives = StagedArchives::open(ctx, opt->s3, opt->archives);
        if (!archives) return void(report_error(ctx, archives.error()));
        run_verify(ctx, *opt, *archives);
    });
}

}  // namespace ssosnap::cli
