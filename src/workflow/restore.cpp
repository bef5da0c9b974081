#include "workflow/restore.hpp"

#include "core/strings.hpp"
#include "diff/compare.hpp"
#include "diff/snapshot.hpp"
#include "metadata/file_name.hpp"
#include "metadata/validate.hpp"
#include "workflow/descriptions.hpp"
#include "workflow/fetch.hpp"
#include "workflow/snapshot_file.hpp"

#include <algorithm>
#include <system_error>
#include <thread>

namespace ssosnap::workflow
{

namespace fs = std::filesystem;

const char* step_name(RestoreStep step)
{
    switch (step) {
    case RestoreStep::local_check:
        return "local-check";
    case RestoreStep::safety_snapshot:
        return "safety-snapshot";
    case RestoreStep::gate:
        return "gate";
    case RestoreStep::plan:
        return "plan";
    case RestoreStep::confirm:
        return "confirm";
    case RestoreStep::transfer:
        return "transfer";
    case RestoreStep::restore:
        return "restore";
    case RestoreStep::post_verify:
        return "post-verify";
    case RestoreStep::done:
        return "done";
    }
    return "?";
}

const char* result_name(RestoreResult result)
{
    switch (result) {
    case RestoreResult::planned:
        return "planned";
    case RestoreResult::refused:
        return "refused";
    case RestoreResult::verified:
        return "verified";
    case RestoreResult::differs:
        return "differs";
    case RestoreResult::restored:
        return "restored";
    case RestoreResult::failed:
        return "failed";
    }
    return "?";
}

void RestoreObserver::step_begins(RestoreStep /*step*/, const RestoreOutcome& /*so_far*/) {}

rest::ProgressFn RestoreObserver::transfer_begins(Transfer /*transfer*/, const std::string& /*id*/)
{
    return {};
}

void RestoreObserver::removing(const std::string& /*id*/) {}

bool RestoreOutcome::safety_on_server() const
{
    return safety && std::find(removed.begin(), removed.end(), safety->id) == removed.end();
}

std::string RestoreOutcome::server_state() const
{
    const std::string safety_id = safety ? safety->id : std::string();
    if (!safety) return "nothing was changed on the server";
    if (!restore_called) {
        if (!safety_on_server()) return "the live config is unchanged";
        return "the live config is unchanged; the safety snapshot " + safety_id +
               " is on the server";
    }
    if (result == RestoreResult::verified) {
        return "the live config was restored from " + archive_id +
               " and verified; the safety snapshot " + safety_id + " is on the server";
    }
    if (result == RestoreResult::restored) {
        return "the live config was restored from " + archive_id + "; the safety snapshot " +
               safety_id + " holds the config from before";
    }
    if (result == RestoreResult::differs) {
        return "the live config was restored from " + archive_id +
               " but differs from it; the safety snapshot " + safety_id +
               " holds the config from before";
    }
    if (step == RestoreStep::restore) {
        return "the restore of " + archive_id +
               " was requested but did not report success: the live config is either as it "
               "was or equal to the archive; the safety snapshot " +
               safety_id + " holds the config from before";
    }
    return "the live config was restored from " + archive_id +
           " but could not be verified; the safety snapshot " + safety_id +
           " holds the config from before";
}

namespace
{

/// Whether a comparison keeps the metadata changes (the plan) or drops them (post-verify:
/// a new snapshot always has a new time and description).
enum class Metadata { compare, ignore };

// What changes from `a` to `b`, secrets redacted.
core::Result<diff::DiffReport> compare_snapshots(const LoadedSnapshot& a, const LoadedSnapshot& b,
                                                 Metadata metadata, const diff::Redactor& redactor)
{
    SSOSNAP_TRY(diff::check_total_size(a.reader));
    SSOSNAP_TRY(diff::check_total_size(b.reader));
    auto old_side = diff::snapshot_of(a.reader, a.located, a.path.filename().string());
    auto new_side = diff::snapshot_of(b.reader, b.located, b.path.filename().string());
    diff::CompareOptions options;
    options.redactor = redactor;
    auto report = diff::compare(old_side, new_side, options);
    if (report && metadata == Metadata::ignore) report->metadata.clear();
    return report;
}

const metadata::SnapshotRecord* find_record(const std::vector<metadata::SnapshotRecord>& list,
                                            const std::string& id)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& r) { return r.id == id; });
    return it == list.end() ? nullptr : &*it;
}

// What one run hands from step to step. Each step either fills its part of `out` and
// returns success, or returns the error that ends the run.
struct Run {
    rest::KantegaClient& client;
    const RestoreRequest& request;
    RestoreOutcome& out;
    std::optional<LoadedSnapshot> archive{};  ///< step 1; compared at steps 4 and 8
    FetchOptions fetch{};
    RestoreObserver none{};  ///< stands in for a null request.observer

    RestoreObserver& observer() { return request.observer ? *request.observer : none; }
};

// A server snapshot brought home to compare: a file in the private work folder, or, beside an
// encrypted archive, memory only.
core::Result<LoadedSnapshot> bring_home(Run& run, const std::string& id, const FetchOptions& fetch,
                                        const std::string& file_name)
{
    if (run.archive && run.archive->encrypted) {
        auto got = fetch_snapshot_memory(run.client, id, fetch);
        if (!got) return core::fail(got.error());
        return std::move(got->loaded);
    }
    auto copy = fetch_snapshot(run.client, id, run.request.work_dir / file_name, fetch);
    if (!copy) return core::fail(copy.error());
    if (file_name == id + ".zip" && run.out.safety && id == run.out.safety->id)
        run.out.safety_path = copy->path;
    return load_snapshot(copy->path, {}, SidecarCheck::no);
}

// 1. Intact, with metadata, named as the server names snapshots. Opened once: checked here,
// then compared with the safety and post-restore snapshots.
core::Result<void> check_locally(Run& run)
{
    const auto& path = run.request.archive;
    auto loaded = load_snapshot(path, {}, SidecarCheck::yes, run.request.age);
    if (!loaded) return core::fail(loaded.error());
    auto findings = check_loaded_snapshot(*loaded);
    if (const auto* bad = first_error(findings)) {
        return core::fail(core::Errc::input,
                          "the archive is not intact: " + bad->code + ": " + bad->message +
                              " (see 'ssosnap verify')",
                          bad->code);
    }
    if (!loaded->located.meta) {
        return core::fail(core::Errc::input,
                          "the archive has no metadata, so nothing says which product and app "
                          "version it belongs to: refusing to restore it",
                          metadata::k_metadata_missing);
    }
    const std::string name = plain_file_name(path);
    auto name_time = metadata::parse_snapshot_name(name);
    if (!name_time || metadata::snapshot_file_name(*name_time) != name) {
        return core::fail(core::Errc::input,
                          "the server names a snapshot after its file: rename the archive to "
                          "sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (or .zip.age; its local time) "
                          "first",
                          "bad-file-name");
    }
    run.out.archive_meta = *loaded->located.meta;
    run.out.findings = std::move(findings);
    run.archive = std::move(*loaded);
    return {};
}

// 2. A safety snapshot; its listed record describes the live server.
core::Result<metadata::SnapshotRecord> take_safety_snapshot(rest::KantegaClient& client,
                                                            const std::string& archive_id,
                                                            std::int64_t now_millis)
{
    auto safety = client.create_snapshot(safety_description(archive_id, unique_stamp(now_millis)));
    if (!safety) return core::fail(safety.error().with_context("taking the safety snapshot"));
    return *safety;
}

core::Result<void> take_safety(Run& run)
{
    auto safety = take_safety_snapshot(run.client, run.out.archive_id, run.request.now_millis);
    if (!safety) return core::fail(safety.error());
    run.out.safety = std::move(*safety);
    return {};
}

// 3. The gate: the archive's metadata against the safety snapshot's.
core::Result<void> pass_gate(Run& run)
{
    auto gate = check_gate(*run.out.archive_meta, run.out.safety->meta,
                           run.request.force ? Force::yes : Force::no);
    if (!gate) return core::fail(gate.error());
    run.out.findings.insert(run.out.findings.end(), gate->findings.begin(), gate->findings.end());
    if (gate->refusal) return core::fail(*gate->refusal);
    return {};
}

// 4. The plan: exactly what the restore will change.
core::Result<void> make_plan(Run& run)
{
    const auto& id = run.out.safety->id;
    auto fetch = run.fetch;
    fetch.progress = run.observer().transfer_begins(Transfer::safety_download, id);
    auto before = bring_home(run, id, fetch, id + ".zip");
    if (!before)
        return core::fail(before.error().with_context("bringing the safety snapshot home"));
    auto plan = compare_snapshots(*before, *run.archive, Metadata::compare, run.request.redactor);
    if (!plan) return core::fail(plan.error());
    run.out.plan = std::move(*plan);
    return {};
}

// 5. The caller's decision.
core::Result<void> ask(const std::function<bool(const diff::DiffReport&)>& confirm,
                       const diff::DiffReport& plan)
{
    if (!confirm || !confirm(plan))
        return core::fail(core::Errc::refused, "the restore was not confirmed", "declined");
    return {};
}

core::Result<void> confirm(Run& run)
{
    return ask(run.request.confirm, *run.out.plan);
}

// An archive with this id is already on the server: reuse it only when it is the same bytes.
core::Result<void> check_identical(Run& run, const std::string& id)
{
    FetchOptions fetch;
    fetch.snapshots_dir = run.request.drop_dir;
    fetch.prefer_dir = run.request.drop_dir.has_value();
    auto theirs = bring_home(run, id, fetch, "existing-" + id + ".zip");
    if (!theirs) {
        return core::fail(theirs.error().with_context("snapshot " + core::quote(id) +
                                                      " already exists on the server and cannot be "
                                                      "compared with the archive"));
    }
    auto ours = run.archive->reader.raw_bytes();
    if (!ours) return core::fail(ours.error());
    auto their_bytes = theirs->reader.raw_bytes();
    if (!their_bytes) return core::fail(their_bytes.error());
    if (*ours != *their_bytes) {
        return core::fail(core::Errc::refused,
                          "a different snapshot with the id " + core::quote(id) +
                              " is already on the server; delete it there ('ssosnap remote "
                              "delete " +
                              id + "') or restore the one that is there",
                          "id-taken");
    }
    return {};
}

// The decrypted archive into the server's mounted folder (the server reads only plaintext).
core::Result<CopiedFile> copy_plaintext(Run& run, const fs::path& target)
{
    auto plain = run.archive->reader.raw_bytes();
    if (!plain) return core::fail(plain.error());
    SSOSNAP_TRY(
        core::write_file_atomic(target, *plain, core::FileMode::secret, core::Overwrite::no));
    return CopiedFile{plain->size(), {}};
}

// Upload, or copy into the mounted folder; returns true when an identical copy was there.
core::Result<bool> send_archive(Run& run)
{
    const auto& id = run.out.archive_id;
    const auto& drop_dir = run.request.drop_dir;
    if (drop_dir) {
        const fs::path target = *drop_dir / (id + ".zip");
        std::error_code ec;
        if (fs::exists(target, ec)) {
            SSOSNAP_TRY(check_identical(run, id));
            return true;
        }
        auto copied = run.archive->encrypted ? copy_plaintext(run, target)
                                             : copy_file_atomic(run.request.archive, target);
        if (!copied) {
            return core::fail(copied.error().with_context("copying the archive into " +
                                                          core::quote(drop_dir->string())));
        }
        return false;
    }
    auto progress = run.observer().transfer_begins(Transfer::upload, id);
    auto uploaded = [&run, &id, &progress]() -> core::Result<metadata::SnapshotRecord> {
        if (!run.archive->encrypted)
            return run.client.upload_snapshot(run.request.archive, progress);
        auto plain = run.archive->reader.raw_bytes();
        if (!plain) return core::fail(plain.error());
        return run.client.upload_snapshot_bytes(std::move(*plain), id + ".zip", progress);
    }();
    if (uploaded) return false;
    if (uploaded.error().id != "exists") return core::fail(uploaded.error());
    SSOSNAP_TRY(check_identical(run, id));
    return true;
}

core::Result<void> wait_until_readable(Run& run)
{
    const auto& id = run.out.archive_id;
    const auto& request = run.request;
    const auto deadline = std::chrono::steady_clock::now() + request.wait_timeout;
    for (;;) {
        auto list = run.client.list_snapshots();
        if (!list) return core::fail(list.error());
        if (const auto* rec = find_record(*list, id); rec && rec->readable) return {};
        if (std::chrono::steady_clock::now() >= deadline) {
            return core::fail(core::Errc::remote,
                              "the server does not list " + core::quote(id) +
                                  " as a readable snapshot after " +
                                  std::to_string(request.wait_timeout.count() / 1000) + " s",
                              "not-listed");
        }
        std::this_thread::sleep_for(request.poll_interval);
    }
}

// The safety snapshot's copy beside the archive: it stays with the archive when the work
// folder goes. Never over an existing file; an archive without its sidecar is not left.
core::Result<void> keep_safety_copy(Run& run)
{
    if (run.request.keep_safety_copy == KeepSafetyCopy::no || !run.out.safety_path) return {};
    const fs::path& from = *run.out.safety_path;
    const fs::path to = run.request.archive.parent_path() / from.filename();
    const std::string what = "keeping a copy of the safety snapshot as " +
                             core::quote(to.string()) + " (--no-keep-safety-copy skips it)";
    auto copied = copy_file_atomic(from, to);
    if (!copied) return core::fail(copied.error().with_context(what));
    if (auto side = write_sha256_sidecar(to, copied->sha256); !side) {
        std::error_code ec;
        fs::remove(to, ec);
        return core::fail(side.error().with_context(what));
    }
    run.out.safety_copy = to;
    return {};
}

// 6. Transfer, then wait until the server lists it as readable.
core::Result<void> transfer(Run& run)
{
    auto reused = send_archive(run);
    if (!reused) return core::fail(reused.error());
    run.out.reused_existing = *reused;
    return wait_until_readable(run);
}

// 7. Restore by id. restore_called is set first: a failed call may still have restored.
core::Result<void> restore_by_id(rest::KantegaClient& client, RestoreOutcome& out)
{
    out.restore_called = true;
    return client.restore_snapshot(out.archive_id);
}

// 7, first keeping the safety snapshot's copy: it exists exactly when a restore was sent.
core::Result<void> restore_step(Run& run)
{
    SSOSNAP_TRY(keep_safety_copy(run));
    return restore_by_id(run.client, run.out);
}

// 8. The live config, snapshotted and brought home, against the archive.
core::Result<void> verify_live(Run& run)
{
    auto post = run.client.create_snapshot(
        check_description(run.out.archive_id, unique_stamp(run.request.now_millis)));
    if (!post) return core::fail(post.error().with_context("taking the post-restore snapshot"));
    run.out.post = *post;
    auto fetch = run.fetch;
    fetch.progress = run.observer().transfer_begins(Transfer::check_download, post->id);
    auto after = bring_home(run, post->id, fetch, post->id + ".zip");
    if (!after) {
        return core::fail(after.error().with_context("bringing the post-restore snapshot home"));
    }
    auto check = compare_snapshots(*run.archive, *after, Metadata::ignore, run.request.redactor);
    if (!check) return core::fail(check.error());
    run.out.post_diff = std::move(*check);
    return {};
}

struct Step {
    RestoreStep step;
    core::Result<void> (*run)(Run&);
};

constexpr Step k_steps[] = {
    {RestoreStep::local_check, check_locally},
    {RestoreStep::safety_snapshot, take_safety},
    {RestoreStep::gate, pass_gate},
    {RestoreStep::plan, make_plan},
    {RestoreStep::confirm, confirm},
    {RestoreStep::transfer, transfer},
    {RestoreStep::restore, restore_step},
    {RestoreStep::post_verify, verify_live},
};

// Ends the outcome at `step` with `error`: a refusal (exit 6) or a failure.
RestoreOutcome& stop(RestoreOutcome& out, RestoreStep step, core::Error error)
{
    out.step = step;
    out.result = error.code == core::Errc::refused ? RestoreResult::refused : RestoreResult::failed;
    out.error = std::move(error);
    return out;
}

// The unknown facts of one side, named for a message.
void name_unknown(const metadata::SnapshotMeta& meta, const std::string& side,
                  std::vector<std::string>& out)
{
    if (core::trim(meta.application_name).empty())
        out.push_back(side + " product (applicationName)");
    if (core::trim(meta.plugin_version).empty())
        out.push_back(side + " Kantega SSO version (pluginVersion)");
}

// Deletes `id`, a snapshot taken only to compare; after one failure nothing more is tried.
void remove_comparison(rest::KantegaClient& client, RestoreObserver& observer,
                       const std::string& id, RestoreOutcome& out)
{
    if (out.cleanup_error) {
        out.left.push_back(id);
        return;
    }
    observer.removing(id);
    auto removed = client.delete_snapshot(id);
    if (removed) {
        out.removed.push_back(id);
        return;
    }
    out.left.push_back(id);
    out.cleanup_error = removed.error();
    if (rest::KantegaClient::is_missing_delete_endpoint(removed.error()))
        out.cleanup_error->id = "no-delete";
}

// Leaves the server tidy: the check snapshot once compared, and the safety snapshot of a
// restore that was never sent (it served the gate and the plan only).
void tidy(rest::KantegaClient& client, RestoreObserver& observer, RestoreOutcome& out)
{
    if (out.post && out.post_diff) remove_comparison(client, observer, out.post->id, out);
    if (out.safety && !out.restore_called) remove_comparison(client, observer, out.safety->id, out);
}

std::string join(const std::vector<std::string>& parts)
{
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i)
        s += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return s;
}

}  // namespace

core::Result<GateVerdict> check_gate(const metadata::SnapshotMeta& snapshot,
                                     const metadata::SnapshotMeta& live, Force force)
{
    metadata::ValidateInput input;
    input.meta = snapshot;
    input.target = metadata::target_from(live);
    auto verdict = metadata::validate_snapshot(input);
    if (!verdict) return core::fail(verdict.error());
    GateVerdict out;
    bool other_product = false;
    bool other_plugin = false;
    for (auto& f : verdict->findings) {
        other_product = other_product || f.code == metadata::k_app_mismatch;
        if (f.code == metadata::k_plugin_version_mismatch) {
            other_plugin = true;
            if (force == Force::yes) f.severity = core::Severity::warning;
        }
        // Unknown facts are judged below, on both sides; the name time is step 1's business.
        if (f.code == metadata::k_time_name_mismatch || f.code == metadata::k_metadata_missing)
            continue;
        out.findings.push_back(f);
    }
    std::vector<std::string> unknown;
    name_unknown(snapshot, "the archive's", unknown);
    name_unknown(live, "the server's", unknown);
    const std::string unknown_message =
        "unknown: " + join(unknown) + ": the gate cannot tell whether the archive fits the server";
    if (other_product) {
        out.refusal = core::Error{core::Errc::refused,
                                  "the archive is from " + snapshot.application_name +
                                      ", the server runs " + live.application_name +
                                      ": a snapshot restores only into the product it was "
                                      "taken from (--force does not change that)",
                                  metadata::k_app_mismatch};
    } else if (!unknown.empty() && force == Force::no) {
        out.refusal =
            core::Error{core::Errc::refused, unknown_message + "; pass --force if you know it does",
                        k_facts_unknown};
    } else if (other_plugin && force == Force::no) {
        out.refusal = core::Error{
            core::Errc::refused,
            "the archive was taken with Kantega SSO " + snapshot.plugin_version +
                ", the server runs " + live.plugin_version +
                ": Kantega restores a snapshot only on the app version it was taken with; "
                "install that version first, or pass --force if you know the config is "
                "compatible",
            metadata::k_plugin_version_mismatch};
    } else if (!unknown.empty()) {
        out.findings.push_back({core::Severity::warning, k_facts_unknown, "", unknown_message});
    }
    return out;
}

namespace
{

// A refusal by the gate under --plan: the plan is still made, then the run ends refused.
void end_refused_plan(Run& run, const core::Error& refusal, const core::Result<void>& plan)
{
    if (!plan) {
        run.out.findings.push_back(
            {core::Severity::warning, "plan-failed", "", "no plan: " + plan.error().message});
    }
    stop(run.out, RestoreStep::gate, refusal);
}

void run_steps(Run& run)
{
    auto& out = run.out;
    const bool plan_only = run.request.plan_only;
    std::optional<core::Error> refusal;  // the gate's, held back under --plan
    for (const auto& step : k_steps) {
        out.step = step.step;
        run.observer().step_begins(step.step, out);
        auto done = step.run(run);
        if (refusal) return end_refused_plan(run, *refusal, done);
        if (!done) {
            if (step.step == RestoreStep::gate && plan_only &&
                done.error().code == core::Errc::refused) {
                refusal = done.error();
                continue;
            }
            stop(out, step.step, done.error());
            return;
        }
        if (step.step == RestoreStep::plan && plan_only) {
            out.result = RestoreResult::planned;
            return;
        }
    }
    out.step = RestoreStep::done;
    out.result = out.post_diff->differs() ? RestoreResult::differs : RestoreResult::verified;
}

}  // namespace

RestoreOutcome restore(rest::KantegaClient& client, const RestoreRequest& request)
{
    RestoreOutcome out;
    out.archive_id = fs::path(plain_file_name(request.archive)).stem().string();
    Run run{.client = client,
            .request = request,
            .out = out,
            .archive = std::nullopt,
            .fetch = {},
            .none = {}};
    run.fetch.snapshots_dir = request.drop_dir;
    run_steps(run);
    tidy(client, run.observer(), out);
    return out;
}

namespace
{

void run_listed(rest::KantegaClient& client, const RestoreListedRequest& request,
                RestoreObserver& observer, RestoreOutcome& out)
{
    observer.step_begins(RestoreStep::local_check, out);
    auto list = client.list_snapshots();
    if (!list) return void(stop(out, RestoreStep::local_check, list.error()));
    const auto* record = find_record(*list, request.id);
    if (!record || !record->readable) {
        return void(stop(out, RestoreStep::local_check,
                         {core::Errc::remote,
                          "the server does not list " + core::quote(request.id) +
                              (record ? " as a readable snapshot" : " as a snapshot"),
                          "not-listed"}));
    }
    out.archive_meta = record->meta;
    observer.step_begins(RestoreStep::safety_snapshot, out);
    auto safety = take_safety_snapshot(client, request.id, request.now_millis);
    if (!safety) return void(stop(out, RestoreStep::safety_snapshot, safety.error()));
    out.safety = std::move(*safety);
    observer.step_begins(RestoreStep::gate, out);
    auto gate = check_gate(*out.archive_meta, out.safety->meta, request.force);
    if (!gate) return void(stop(out, RestoreStep::gate, gate.error()));
    out.findings = std::move(gate->findings);
    if (gate->refusal) return void(stop(out, RestoreStep::gate, *gate->refusal));
    observer.step_begins(RestoreStep::confirm, out);
    if (auto yes = ask(request.confirm, diff::DiffReport{}); !yes)
        return void(stop(out, RestoreStep::confirm, yes.error()));
    observer.step_begins(RestoreStep::restore, out);
    if (auto done = restore_by_id(client, out); !done)
        return void(stop(out, RestoreStep::restore, done.error()));
    out.step = RestoreStep::done;
    out.result = RestoreResult::restored;
}

}  // namespace

RestoreOutcome restore_listed(rest::KantegaClient& client, const RestoreListedRequest& request)
{
    RestoreOutcome out;
    out.archive_id = request.id;
    RestoreObserver none;
    RestoreObserver& observer = request.observer ? *request.observer : none;
    run_listed(client, request, observer, out);
    tidy(client, observer, out);
    return out;
}

}  // namespace ssosnap::workflow
