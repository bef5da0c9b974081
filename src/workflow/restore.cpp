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
    case RestoreResult::failed:
        return "failed";
    }
    return "?";
}

std::string RestoreOutcome::server_state() const
{
    const std::string safety_id = safety ? safety->id : std::string();
    if (!safety) return "nothing was changed on the server";
    if (!restore_called) {
        return "the live config is unchanged; the safety snapshot " + safety_id +
               " is on the server";
    }
    if (result == RestoreResult::verified) {
        return "the live config was restored from " + archive_id +
               " and verified; the safety "
               "snapshot " +
               safety_id + " is on the server";
    }
    if (result == RestoreResult::differs) {
        return "the live config was restored from " + archive_id +
               " but differs from it; the "
               "safety snapshot " +
               safety_id + " holds the config from before";
    }
    if (step == RestoreStep::restore) {
        return "the restore of " + archive_id +
               " was requested but did not report success: the "
               "live config is either as it was or equal to the archive; the safety snapshot " +
               safety_id + " holds the config from before";
    }
    return "the live config was restored from " + archive_id +
           " but could not be verified; "
           "the safety snapshot " +
           safety_id + " holds the config from before";
}

namespace
{

// Steps that fail fill the outcome and return it.
RestoreOutcome& failed(RestoreOutcome& out, RestoreStep step, core::Error error)
{
    out.result = RestoreResult::failed;
    out.step = step;
    out.error = std::move(error);
    return out;
}

// What changes from `a` to `b`, secrets redacted.
core::Result<diff::DiffReport> compare_snapshots(const LoadedSnapshot& a, const LoadedSnapshot& b,
                                                 bool with_metadata, const diff::Redactor& redactor)
{
    SSOSNAP_TRY(diff::check_total_size(a.reader));
    SSOSNAP_TRY(diff::check_total_size(b.reader));
    auto old_side = diff::snapshot_of(a.reader, a.located, a.path.filename().string());
    auto new_side = diff::snapshot_of(b.reader, b.located, b.path.filename().string());
    diff::CompareOptions options;
    options.redactor = redactor;
    auto report = diff::compare(old_side, new_side, options);
    if (report && !with_metadata) report->metadata.clear();
    return report;
}

const metadata::SnapshotRecord* find_record(const std::vector<metadata::SnapshotRecord>& list,
                                            const std::string& id)
{
    auto it = std::find_if(list.begin(), list.end(), [&](const auto& r) { return r.id == id; });
    return it == list.end() ? nullptr : &*it;
}

// An archive with this id is already on the server: reuse it only when it is the same bytes.
core::Result<void> check_identical(rest::KantegaClient& client, const RestoreRequest& request,
                                   const std::string& id)
{
    FetchOptions fetch;
    fetch.snapshots_dir = request.drop_dir;
    fetch.prefer_dir = request.drop_dir.has_value();
    const fs::path copy = request.work_dir / ("existing-" + id + ".zip");
    auto theirs = fetch_snapshot(client, id, copy, fetch);
    if (!theirs) {
        return core::fail(theirs.error().with_context("snapshot " + core::quote(id) +
                                                      " already exists on the server and cannot be "
                                                      "compared with the archive"));
    }
    auto ours = sha256_of_file(request.archive);
    if (!ours) return core::fail(ours.error());
    if (*ours != theirs->sha256) {
        return core::fail(core::Errc::refused,
                          "a different snapshot with the id " + core::quote(id) +
                              " is already on the server; delete it there ('ssosnap remote "
                              "delete " +
                              id + "') or restore the one that is there",
                          "id-taken");
    }
    return {};
}

core::Result<bool> transfer(rest::KantegaClient& client, const RestoreRequest& request,
                            const std::string& id)
{
    const std::string file = id + ".zip";
    if (request.drop_dir) {
        const fs::path target = *request.drop_dir / file;
        std::error_code ec;
        if (fs::exists(target, ec)) {
            SSOSNAP_TRY(check_identical(client, request, id));
            return true;
        }
        auto copied = copy_file_atomic(request.archive, target);
        if (!copied) {
            return core::fail(copied.error().with_context("copying the archive into " +
                                                          core::quote(request.drop_dir->string())));
        }
        return false;
    }
    auto uploaded = client.upload_snapshot(request.archive);
    if (uploaded) return false;
    if (uploaded.error().id != "exists") return core::fail(uploaded.error());
    SSOSNAP_TRY(check_identical(client, request, id));
    return true;
}

core::Result<void> wait_until_readable(rest::KantegaClient& client, const RestoreRequest& request,
                                       const std::string& id)
{
    const auto deadline = std::chrono::steady_clock::now() + request.wait_timeout;
    for (;;) {
        auto list = client.list_snapshots();
        if (!list) return core::fail(list.error());
        if (const auto* rec = find_record(*list, id)) {
            if (rec->readable) return {};
        }
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

}  // namespace

RestoreOutcome restore(rest::KantegaClient& client, const RestoreRequest& request)
{
    RestoreOutcome out;
    out.archive_id = request.archive.stem().string();

    // 1. Local check: intact, with metadata, named as the server names snapshots.
    // Opened once: checked here, then compared with the safety and post-restore snapshots.
    auto loaded = load_snapshot(request.archive, {}, SidecarCheck::yes);
    if (!loaded) return failed(out, RestoreStep::local_check, loaded.error());
    auto findings = check_loaded_snapshot(*loaded);
    if (const auto* bad = first_error(findings)) {
        return failed(out, RestoreStep::local_check,
                      {core::Errc::input,
                       "the archive is not intact: " + bad->code + ": " + bad->message +
                           " (see 'ssosnap verify')",
                       bad->code});
    }
    if (!loaded->located.meta) {
        return failed(out, RestoreStep::local_check,
                      {core::Errc::input,
                       "the archive has no metadata, so nothing says which product and app "
                       "version it belongs to: refusing to restore it",
                       "metadata-missing"});
    }
    out.archive_meta = *loaded->located.meta;
    auto name_time = metadata::parse_snapshot_name(request.archive.filename().string());
    if (!name_time || metadata::snapshot_file_name(*name_time) != request.archive.filename()) {
        return failed(out, RestoreStep::local_check,
                      {core::Errc::input,
                       "the server names a snapshot after its file: rename the archive to "
                       "sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip (its local time) first",
                       "bad-file-name"});
    }
    out.findings = std::move(findings);

    // 2. Safety snapshot; its listed metadata describes the live server.
    out.step = RestoreStep::safety_snapshot;
    auto safety = client.create_snapshot(
        safety_description(out.archive_id, unique_stamp(request.now_millis)));
    if (!safety) {
        return failed(out, RestoreStep::safety_snapshot,
                      safety.error().with_context("taking the safety snapshot"));
    }
    out.safety = *safety;

    // 3. Gate.
    out.step = RestoreStep::gate;
    metadata::ValidateInput input;
    input.meta = out.archive_meta;
    input.target = metadata::target_from(safety->meta);
    auto verdict = metadata::validate_snapshot(input);
    if (!verdict) return failed(out, RestoreStep::gate, verdict.error());
    bool other_product = false;
    bool other_plugin = false;
    for (auto& f : verdict->findings) {
        if (f.code == "app-mismatch") other_product = true;
        if (f.code == "plugin-version-mismatch") {
            other_plugin = true;
            if (request.force) f.severity = core::Severity::warning;
        }
        if (f.code == "time-name-mismatch" || f.code == "metadata-missing") continue;
        out.findings.push_back(f);
    }
    if (other_product) {
        out.result = RestoreResult::refused;
        out.error = core::Error{core::Errc::refused,
                                "the archive is from " + out.archive_meta->application_name +
                                    ", the server runs " + safety->meta.application_name +
                                    ": a snapshot restores only into the product it was taken "
                                    "from (--force does not change that)",
                                "app-mismatch"};
        return out;
    }
    if (other_plugin && !request.force) {
        out.result = RestoreResult::refused;
        out.error = core::Error{
            core::Errc::refused,
            "the archive was taken with Kantega SSO " + out.archive_meta->plugin_version +
                ", the server runs " + safety->meta.plugin_version +
                ": Kantega restores a snapshot only on the app version it was taken with; "
                "install that version first, or pass --force if you know the config is "
                "compatible",
            "plugin-version-mismatch"};
        return out;
    }

    // 4. Plan: exactly what the restore will change.
    out.step = RestoreStep::plan;
    FetchOptions fetch;
    fetch.snapshots_dir = request.drop_dir;
    auto safety_copy =
        fetch_snapshot(client, safety->id, request.work_dir / (safety->id + ".zip"), fetch);
    if (!safety_copy) {
        return failed(out, RestoreStep::plan,
                      safety_copy.error().with_context("bringing the safety snapshot home"));
    }
    out.safety_path = safety_copy->path;
    auto before = load_snapshot(safety_copy->path, {}, SidecarCheck::no);
    if (!before) return failed(out, RestoreStep::plan, before.error());
    auto plan = compare_snapshots(*before, *loaded, true, request.redactor);
    if (!plan) return failed(out, RestoreStep::plan, plan.error());
    out.plan = std::move(*plan);
    if (request.plan_only) {
        out.result = RestoreResult::planned;
        return out;
    }

    // 5. Confirm.
    out.step = RestoreStep::confirm;
    if (!request.confirm || !request.confirm(*out.plan)) {
        out.result = RestoreResult::refused;
        out.error = core::Error{core::Errc::refused, "the restore was not confirmed", "declined"};
        return out;
    }

    // 6. Transfer, then wait until the server lists it as readable.
    out.step = RestoreStep::transfer;
    auto reused = transfer(client, request, out.archive_id);
    if (!reused) return failed(out, RestoreStep::transfer, reused.error());
    out.reused_existing = *reused;
    if (auto ready = wait_until_readable(client, request, out.archive_id); !ready)
        return failed(out, RestoreStep::transfer, ready.error());

    // 7. Restore.
    out.step = RestoreStep::restore;
    out.restore_called = true;
    if (auto done = client.restore_snapshot(out.archive_id); !done)
        return failed(out, RestoreStep::restore, done.error());

    // 8. Post-verify: the live config, snapshotted and brought home, against the archive.
    out.step = RestoreStep::post_verify;
    auto post = client.create_snapshot("ssosnap post-restore check of " + out.archive_id + " (" +
                                       unique_stamp(request.now_millis) + ")");
    if (!post) {
        return failed(out, RestoreStep::post_verify,
                      post.error().with_context("taking the post-restore snapshot"));
    }
    out.post = *post;
    auto post_copy =
        fetch_snapshot(client, post->id, request.work_dir / (post->id + ".zip"), fetch);
    if (!post_copy) {
        return failed(out, RestoreStep::post_verify,
                      post_copy.error().with_context("bringing the post-restore snapshot home"));
    }
    auto after = load_snapshot(post_copy->path, {}, SidecarCheck::no);
    if (!after) return failed(out, RestoreStep::post_verify, after.error());
    auto check = compare_snapshots(*loaded, *after, false, request.redactor);
    if (!check) return failed(out, RestoreStep::post_verify, check.error());
    out.post_diff = std::move(*check);
    out.step = RestoreStep::done;
    out.result = out.post_diff->differs() ? RestoreResult::differs : RestoreResult::verified;
    return out;
}

}  // namespace ssosnap::workflow
