// ssosnap log LOCATION: the history of a backup folder, newest first, each snapshot with the
// redacted changes since the one before it (what `git log -p` would show if archives diffed).
// argv → options → workflow::list_snapshot_folder (ls's lister; for a bucket, list_bucket_rows,
// downloading an archive only when the walk reaches it) → per pair the same load_snapshot +
// diff::compare + renderers as `diff` → stdout.

#include "cli/age_flags.hpp"
#include "cli/archive_options.hpp"
#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/redaction.hpp"
#include "cli/s3_support.hpp"
#include "core/strings.hpp"
#include "diff/compare.hpp"
#include "diff/glob.hpp"
#include "diff/render.hpp"
#include "diff/snapshot.hpp"
#include "metadata/local_time.hpp"
#include "metadata/time_check.hpp"
#include "workflow/snapshot_folder.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <deque>
#include <memory>
#include <nlohmann/json.hpp>

namespace ssosnap::cli
{
namespace
{

struct LogArgs {
    std::string location;
    bool stat = false;
    std::string since;
    std::string until;
    std::optional<std::size_t> max_count;
    std::vector<std::string> paths;
    bool reveal = false;
    std::size_t context = 3;
    archive::Limits limits;
    AgeFlags age;  ///< --identity: encrypted archives (.zip.age) are decrypted in memory
    S3Flags s3;
};

constexpr const char* k_footer = R"(History:
  LOCATION is a backup folder (the archives `backup --to` and `ls` see, *.zip and
  *.zip.age directly in it; encrypted ones are read with --identity, in memory), or a bucket
  folder s3://BUCKET/PREFIX/ (listed from its record objects as `ls` lists it; an archive is
  downloaded into a private temporary folder only when the walk reaches it, checked against
  its .sha256 object, and removed afterwards: -n 5 downloads six archives). Its snapshots are
  put in time order by the metadata's timeMillis (else the file-name time) and shown newest
  first, as git log does. Each is compared with the snapshot just before it in the folder
  (also when that one is outside --since/--until or -n), exactly as `ssosnap diff PREVIOUS
  THIS` compares: metadata first, then entries by content, every secret redacted to
  <redacted hmac:xxxxxxxxxxxx> unless --reveal-secrets. The oldest snapshot has nothing
  before it and shows its header only. Unreadable archives and zips without any time are
  skipped with a warning, and the one before them is compared instead.
  --since/--until take UTC times: 2026-11-28, 2026-11-28T09:15, 2026-11-28T09:15:47Z (a date
  alone is 00:00:00 of that day); both ends are included. -n N shows the N newest that match.
  --path GLOB (repeatable) keeps only entries matching GLOB ('*' within a folder, '**' across
  folders; without '/' it also matches the last name component), hides metadata changes, and
  shows only snapshots that changed such an entry, like `git log -- PATH`.

Examples:
  ssosnap log backups/jira
  ssosnap log backups/jira --stat -n 10
  ssosnap log backups/jira --since 2026-11-01 --path 'kerberos/saml/**'
  ssosnap log s3://dr-backups/jira/ -n 5 --stat
  ssosnap log backups/jira --json | jq '.snapshots[] | select(.changes.same == false) | .id'

Exit status: 0 shown, 2 usage error, 3 LOCATION cannot be read or a snapshot could not be
compared with the one before it (the others are still shown), 4 S3 error, 5 S3 refused the
credentials.)";

/// One snapshot loaded for comparing, with the index of its row.
struct Loaded {
    std::size_t row = 0;
    workflow::LoadedSnapshot snap;
};

core::Result<Loaded> load(const std::filesystem::path& path, std::size_t index,
                          const archive::Limits& limits, const crypt::AgeOptions& age)
{
    auto loaded = workflow::load_snapshot(path, limits, workflow::SidecarCheck::no, age);
    if (!loaded) return core::fail(loaded.error());
    if (auto within = diff::check_total_size(loaded->reader); !within)
        return core::fail(within.error().with_context("reading '" + path.string() + "'"));
    return Loaded{index, std::move(*loaded)};
}

diff::Snapshot side_of(const Loaded& l)
{
    return diff::snapshot_of(l.snap.reader, l.snap.located, l.snap.path.filename().string());
}

/// One snapshot of the history as shown: its row, the one before it, and the changes.
struct Shown {
    const workflow::ListedArchive* row = nullptr;
    const workflow::ListedArchive* previous = nullptr;  ///< nullptr for the oldest
    std::optional<diff::DiffReport> report;
    std::optional<core::Error> error;  ///< the pair could not be compared
};

std::string time_text(const workflow::ListedArchive& r)
{
    if (r.meta && r.meta->time_millis) return metadata::format_utc_millis(*r.meta->time_millis);
    return metadata::to_iso_local(*r.name_time) + " (local, from the file name)";
}

void render_header(Context& ctx, const Shown& s, bool colour)
{
    const auto& r = *s.row;
    ctx.out << (colour ? "\x1b[33m" : "") << "snapshot "
            << core::escape_controls(r.path.stem().string()) << (colour ? "\x1b[0m" : "") << "\n";
    ctx.out << "Date:        " << time_text(r) << "\n";
    if (r.meta) {
        const auto& m = *r.meta;
        ctx.out << "Product:     " << core::escape_controls(m.application_name) << " "
                << core::escape_controls(m.application_version) << ", Kantega SSO "
                << core::escape_controls(m.plugin_version) << "\n";
        if (!m.description.empty())
            ctx.out << "Description: " << core::escape_controls(m.description) << "\n";
    }
    ctx.out << "Compared to: "
            << (s.previous ? core::escape_controls(s.previous->path.filename().string())
                           : std::string("nothing (the oldest snapshot in the folder)"))
            << "\n";
}

void render_text(Context& ctx, const std::vector<Shown>& shown, bool stat)
{
    const bool colour = use_colour(ctx);
    bool first = true;
    for (const auto& s : shown) {
        if (!first) ctx.out << "\n";
        first = false;
        render_header(ctx, s, colour);
        if (s.error) {
            ctx.out << "\n(not compared: " << core::escape_controls(s.error->message) << ")\n";
        } else if (s.report) {
            ctx.out << "\n" << diff::render_text(*s.report, {colour, stat});
        }
    }
}

nlohmann::json row_json(const workflow::ListedArchive& r)
{
    nlohmann::json j = {{"file", r.path.filename().string()},
                        {"id", r.path.stem().string()},
                        {"time_millis", r.sort_key ? nlohmann::json(*r.sort_key) : nullptr},
                        {"time_utc", nullptr},
                        {"metadata", nullptr}};
    if (r.meta) {
        const auto& m = *r.meta;
        if (m.time_millis) j["time_utc"] = metadata::format_utc_millis(*m.time_millis);
        j["metadata"] = {{"applicationName", m.application_name},
                         {"applicationVersion", m.application_version},
                         {"pluginVersion", m.plugin_version},
                         {"baseUrl", m.base_url},
                         {"description", m.description}};
    }
    return j;
}

void render_json(Context& ctx, const LogArgs& args, const std::vector<Shown>& shown,
                 const std::vector<const workflow::ListedArchive*>& skipped)
{
    auto doc = envelope(ctx);
    doc["location"] = args.location;
    doc["order"] = "newest-first";
    doc["snapshots"] = nlohmann::json::array();
    for (const auto& s : shown) {
        auto j = row_json(*s.row);
        j["previous"] = s.previous ? nlohmann::json(s.previous->path.filename().string())
                                   : nlohmann::json(nullptr);
        j["changes"] = s.report
                           ? nlohmann::json::parse(diff::render_json(*s.report, {false, args.stat}))
                           : nlohmann::json(nullptr);
        if (s.error) j["error"] = error_json(*s.error);
        doc["snapshots"].push_back(std::move(j));
    }
    doc["skipped"] = nlohmann::json::array();
    for (const auto* r : skipped)
        doc["skipped"].push_back({{"file", r->path.filename().string()},
                                  {"state", r->state},
                                  {"reason", r->error.empty() ? "no time" : r->error}});
    print_json(ctx, doc);
}

core::Result<std::optional<std::int64_t>> time_flag(const std::string& flag,
                                                    const std::string& value)
{
    if (value.empty()) return std::optional<std::int64_t>{};
    auto t = metadata::parse_utc_time(value);
    if (!t) {
        return core::fail(core::Errc::usage,
                          flag + " " + core::quote(value) +
                              ": not a UTC time; use 2026-11-28, 2026-11-28T09:15 or "
                              "2026-11-28T09:15:47Z",
                          "usage");
    }
    return std::optional<std::int64_t>{*t};
}

/// True when `snap` holds an entry `paths` select (the oldest snapshot under --path).
bool holds_path(const workflow::LoadedSnapshot& snap, const std::vector<std::string>& paths)
{
    return std::any_of(
        snap.reader.entries().begin(), snap.reader.entries().end(), [&](const archive::Entry& e) {
            return std::any_of(paths.begin(), paths.end(),
                               [&](const auto& g) { return diff::glob_match(g, e.name); });
        });
}

/// Warns that `row` is skipped and why (an unreadable archive, or one without any time).
void warn_skipped(Context& ctx, const workflow::ListedArchive& row)
{
    warn(ctx, "skipped '" + row.path.filename().string() + "': " +
                  (row.error.empty() ? std::string("no time in its metadata or name") : row.error));
}

class History
{
public:
    /// `rows`: the dated rows, oldest first. `staged`: the bucket folder they come from (their
    /// archives are downloaded as the walk reaches them), or nullptr for a local folder.
    History(Context& ctx, const LogArgs& args, std::vector<const workflow::ListedArchive*> rows,
            StagedFolder* staged)
        : m_ctx(ctx), m_args(args), m_rows(std::move(rows)), m_slots(m_rows.size()),
          m_staged(staged), m_age(age_options(ctx, args.age))
    {
        m_options.redactor = make_redactor(ctx, args.reveal ? Reveal::yes : Reveal::no);
        m_options.only = args.paths;
        m_options.context = args.context;
        m_options.brief = args.stat;
    }

    /// Shows the rows newest first within [since, until]. Fails only when a bucket archive
    /// cannot be downloaded for a reason other than the archive itself (credentials, network).
    core::Result<std::vector<Shown>> walk(std::optional<std::int64_t> since,
                                          std::optional<std::int64_t> until)
    {
        std::vector<Shown> out;
        for (std::size_t i = m_rows.size(); i-- > 0;) {
            if (m_args.max_count && out.size() >= *m_args.max_count) break;
            const auto key = *m_rows[i]->sort_key;
            if ((since && key < *since) || (until && key > *until)) continue;
            auto here = ready(i);
            if (!here) return core::fail(here.error());
            if (!*here) continue;
            std::optional<std::size_t> before;
            for (std::size_t j = i; j-- > 0;) {
                auto there = ready(j);
                if (!there) return core::fail(there.error());
                if (*there) {
                    before = j;
                    break;
                }
            }
            Shown s;
            s.row = &row(i);
            s.previous = before ? &row(*before) : nullptr;
            if (compare(i, before, s)) out.push_back(std::move(s));
        }
        return out;
    }

    bool failed() const { return m_failed; }
    /// The rows skipped during the walk (bucket archives that could not be read).
    const std::deque<workflow::ListedArchive>& skipped() const { return m_skipped; }

private:
    /// A bucket archive as read after its download: the row shown (path: its s3:// location)
    /// and where the staged copy is.
    struct Slot {
        std::optional<bool> readable;
        workflow::ListedArchive row;
        std::filesystem::path local;
    };

    const workflow::ListedArchive& row(std::size_t i) const
    {
        return m_staged ? m_slots[i].row : *m_rows[i];
    }

    const std::filesystem::path& path_of(std::size_t i) const
    {
        return m_staged ? m_slots[i].local : m_rows[i]->path;
    }

    // True when row i can be compared. A bucket archive is downloaded the first time the walk
    // reaches it; one that cannot be read is skipped with a warning, as an unreadable archive
    // of a local folder is, and the walk compares across it.
    core::Result<bool> ready(std::size_t i)
    {
        if (!m_staged) return true;
        auto& slot = m_slots[i];
        if (slot.readable) return *slot.readable;
        slot.readable = false;
        auto staged = m_staged->stage(*m_rows[i]);
        if (!staged) {
            if (staged.error().code != core::Errc::input) return core::fail(staged.error());
            warn(m_ctx, "skipped " + m_rows[i]->path.string() + ": " + staged.error().message);
            auto& skipped = m_skipped.emplace_back(*m_rows[i]);
            skipped.state = "unreadable";
            skipped.error = staged.error().message;
            return false;
        }
        slot.local = staged->path;
        staged->path = m_rows[i]->path;
        if (staged->state != "ok" || !staged->sort_key) {
            warn_skipped(m_ctx, *staged);
            m_skipped.push_back(std::move(*staged));
            return false;
        }
        slot.row = std::move(*staged);
        slot.readable = true;
        return true;
    }

    // Fills s.report (or s.error); false when --path hides this snapshot.
    bool compare(std::size_t i, std::optional<std::size_t> before, Shown& s)
    {
        auto cur = take(i);
        if (!cur) return fail(s, cur.error());
        if (!before) return m_args.paths.empty() || holds_path(cur->snap, m_args.paths);
        auto prev = take(*before);
        if (!prev) return fail(s, prev.error());
        auto report = diff::compare(side_of(*prev), side_of(*cur), m_options);
        m_carry = std::move(*prev);  // the next (older) step compares it with its own previous
        if (!report) return fail(s, report.error());
        if (!m_args.paths.empty()) {
            if (report->entries.empty()) return false;
            report->metadata.clear();
        }
        s.report = std::move(*report);
        return true;
    }

    core::Result<Loaded> take(std::size_t i)
    {
        if (m_carry && m_carry->row == i) {
            Loaded out = std::move(*m_carry);
            m_carry.reset();
            return out;
        }
        return load(path_of(i), i, m_args.limits, m_age);
    }

    bool fail(Shown& s, core::Error error)
    {
        if (m_staged) error = m_staged->shown(std::move(error));
        warn(m_ctx, error.message);
        s.error = std::move(error);
        m_failed = true;
        return true;
    }

    Context& m_ctx;
    const LogArgs& m_args;
    std::vector<const workflow::ListedArchive*> m_rows;
    std::vector<Slot> m_slots;  // sized once: Shown rows point into it
    StagedFolder* m_staged;
    crypt::AgeOptions m_age;
    diff::CompareOptions m_options;
    std::optional<Loaded> m_carry;
    std::deque<workflow::ListedArchive> m_skipped;
    bool m_failed = false;
};

void run_log(Context& ctx, const LogArgs& args)
{
    auto since = time_flag("--since", args.since);
    if (!since) return void(report_error(ctx, since.error()));
    auto until = time_flag("--until", args.until);
    if (!until) return void(report_error(ctx, until.error()));
    // A bucket folder is listed from its records; the walk downloads the archives it reaches.
    std::optional<StagedFolder> staged;
    std::vector<workflow::ListedArchive> local;
    if (s3::is_s3_url(args.location)) {
        auto got = StagedFolder::open(ctx, args.s3, args.location);
        if (!got) return void(report_error(ctx, got.error()));
        staged.emplace(std::move(*got));
    } else {
        auto listed = workflow::list_snapshot_folder(args.location, workflow::SidecarCheck::no);
        if (!listed) return void(report_error(ctx, listed.error()));
        local = std::move(*listed);
    }
    const auto& rows = staged ? staged->rows() : local;

    std::vector<const workflow::ListedArchive*> dated;
    std::vector<const workflow::ListedArchive*> skipped;
    for (const auto& r : rows) {
        if (r.state == "ok" && r.sort_key) {
            dated.push_back(&r);
            continue;
        }
        skipped.push_back(&r);
        warn_skipped(ctx, r);
    }
    History history(ctx, args, std::move(dated), staged ? &*staged : nullptr);
    auto shown = history.walk(*since, *until);
    if (!shown) return void(report_error(ctx, shown.error()));
    for (const auto& r : history.skipped())
        skipped.push_back(&r);
    ctx.status = history.failed() ? 3 : 0;
    if (ctx.json) return render_json(ctx, args, *shown, skipped);
    if (shown->empty()) warn(ctx, "no snapshots in '" + args.location + "' match");
    render_text(ctx, *shown, args.stat);
}

}  // namespace

void add_log(CLI::App& parent, Context& ctx, const CommandSpec& spec)
{
    auto args = std::make_shared<LogArgs>();
    auto* cmd = parent.add_subcommand(spec.name, spec.summary);
    cmd->add_option("LOCATION", args->location,
                    "Backup folder holding snapshot archives, or s3://BUCKET/PREFIX/")
        ->required();
    cmd->add_flag("--stat", args->stat,
                  "Only which entries and counting metadata fields changed (nothing inflated)");
    cmd->add_option("--since", args->since, "Only snapshots at or after this UTC time")
        ->type_name("TIME");
    cmd->add_option("--until", args->until, "Only snapshots at or before this UTC time")
        ->type_name("TIME");
    cmd->add_option("-n,--max-count", args->max_count, "Show the N newest snapshots that match")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--path", args->paths,
                    "Only entries matching GLOB, and only snapshots that changed one. Repeatable")
        ->type_name("GLOB")
        ->allow_extra_args(false);
    cmd->add_flag("--reveal-secrets", args->reveal,
                  "Show secret values instead of <redacted hmac:xxxxxxxxxxxx>");
    cmd->add_option("--context", args->context, "Unchanged lines shown around each text change")
        ->type_name("N")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    add_limit_flags(*cmd, args->limits);
    add_identity_flags(*cmd, args->age);
    add_s3_flags(*cmd, args->s3);
    add_json_flag(*cmd, ctx);
    cmd->footer(k_footer);
    cmd->callback([&ctx, &spec, args] {
        ctx.command = spec.name;
        run_log(ctx, *args);
    });
}

}  // namespace ssosnap::cli
