// The snapshot endpoints: list, create, restore (documented) and download, upload, delete
// (assumed), all for system administrators only.

#include "core/files.hpp"
#include "emulator/server_impl.hpp"
#include "metadata/file_name.hpp"

#include <chrono>

namespace ssosnap::emulator
{
namespace
{

namespace fs = std::filesystem;
const std::string k_base = "/rest/ksso/api/snapshot/1\\.0/config/snapshot";

int status_for(const core::Error& e)
{
    if (e.id == "not-found") return 404;
    if (e.id == "exists") return 409;
    if (e.id == "unreadable" || e.id == "bad-name") return 400;
    return 500;
}

std::string list_json(const std::vector<metadata::SnapshotRecord>& records)
{
    std::string out = "[";
    for (std::size_t i = 0; i < records.size(); ++i)
        out += (i ? "," : "") + metadata::to_json(records[i], -1);
    return out + "]";
}

// The receiving side of an upload: the part named "file" goes to a temporary file beside
// its final place; everything else is read and dropped.
struct UploadReceiver {
    fs::path dir;
    std::optional<core::AtomicFile> file{};
    std::string file_name{};
    bool in_file = false;
    std::optional<core::Error> error{};

    bool on_part(const httplib::MultipartFormData& part)
    {
        in_file = part.name == "file" && !file && !error;
        if (!in_file) return true;
        file_name = part.filename;
        auto t = metadata::parse_snapshot_name(file_name);
        if (!t || metadata::snapshot_file_name(*t) != file_name) {
            error = core::Error{core::Errc::input,
                                "the file name must be sso-snapshot-YYYY-MM-DD-HH_MM_SS.zip",
                                "bad-name"};
            in_file = false;
            return true;
        }
        auto f =
            core::AtomicFile::create(dir / file_name, core::FileMode::secret, core::Overwrite::no);
        if (!f) {
            error = core::Error{core::Errc::input, "a snapshot named " + file_name + " exists",
                                "exists"};
            in_file = false;
            return true;
        }
        file.emplace(std::move(*f));
        return true;
    }
    bool on_data(const char* data, std::size_t n)
    {
        if (!in_file || error) return true;
        auto w = file->write(std::string_view(data, n));
        if (!w) error = w.error();
        return true;
    }
};

void drain_body(const httplib::Request& req, const httplib::ContentReader& reader)
{
    if (req.is_multipart_form_data()) {
        reader([](const httplib::MultipartFormData&) { return true; },
               [](const char*, std::size_t) { return true; });
    } else {
        reader([](const char*, std::size_t) { return true; });
    }
}

}  // namespace

void Emulator::Impl::add_snapshot_routes()
{
    server->Get(k_base + "/?", [this](const httplib::Request& req, httplib::Response& res) {
        guard(Endpoint::list, Access::admin, req, res, [&](const Caller&) {
            std::lock_guard lock(mutex);
            reply_json(res, 200, list_json(store->list()));
        });
    });

    server->Post(k_base + "/?", [this](const httplib::Request& req, httplib::Response& res) {
        guard(Endpoint::create, Access::admin, req, res, [&](const Caller&) {
            std::lock_guard lock(mutex);
            auto description = req.get_param_value("description");
            auto rec = store->create(description, now());
            for (int i = 0; i < 3 && !rec && rec.error().id == "name-taken"; ++i) {
                // One snapshot per second, as the names have seconds: wait for the next one.
                std::this_thread::sleep_for(std::chrono::milliseconds(1000 - now() % 1000));
                rec = store->create(description, now());
            }
            if (!rec) return reply_error(res, 500, rec.error().message);
            reply_json(res, 200, metadata::to_json(*rec, -1));
        });
    });

    server->Post(k_base + "/restore/([^/]+)", [this](const httplib::Request& req,
                                                     httplib::Response& res) {
        guard(Endpoint::restore, Access::admin, req, res, [&](const Caller&) {
            std::lock_guard lock(mutex);
            std::string id = req.matches[1];
            auto done = store->restore(id);
            if (!done) return reply_error(res, status_for(done.error()), done.error().message);
            reply_json(res, 200, metadata::to_json(store->record_of(*store->archive_of(id)), -1));
        });
    });

    server->Get(k_base + "/([^/]+)/download",
                [this](const httplib::Request& req, httplib::Response& res) {
                    guard(Endpoint::download, Access::admin, req, res, [&](const Caller&) {
                        std::lock_guard lock(mutex);
                        auto path = store->archive_of(req.matches[1]);
                        if (!path) return reply_error(res, 404, "no such snapshot");
                        // Opened now: a later delete does not break a running download.
                        auto in = std::make_shared<std::ifstream>(*path, std::ios::binary);
                        std::error_code ec;
                        auto size = fs::file_size(*path, ec);
                        if (!*in || ec) return reply_error(res, 500, "cannot read the archive");
                        res.status = 200;
                        res.set_header("Content-Disposition", "attachment; filename=\"" +
                                                                  path->filename().string() + "\"");
                        res.set_content_provider(
                            size, "application/zip",
                            [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                                std::vector<char> buf(std::min<std::size_t>(length, 1 << 16));
                                in->seekg(static_cast<std::streamoff>(offset));
                                in->read(buf.data(), static_cast<std::streamsize>(buf.size()));
                                auto got = static_cast<std::size_t>(in->gcount());
                                return got > 0 && sink.write(buf.data(), got);
                            });
                    });
                });

    server->Post(k_base + "/upload", [this](const httplib::Request& req, httplib::Response& res,
                                            const httplib::ContentReader& reader) {
        auto drain = [&] { drain_body(req, reader); };
        guard(
            Endpoint::upload, Access::admin, req, res,
            [&](const Caller&) {
                if (!req.is_multipart_form_data()) {
                    drain();
                    return reply_error(res, 400,
                                       "expected multipart/form-data with a part "
                                       "named 'file'");
                }
                UploadReceiver rx{.dir = store->snapshots_dir()};
                reader([&](const httplib::MultipartFormData& p) { return rx.on_part(p); },
                       [&](const char* d, std::size_t n) { return rx.on_data(d, n); });
                if (!rx.error && !rx.file) {
                    rx.error = core::Error{core::Errc::input, "no part named 'file'", "bad-name"};
                }
                if (rx.error) return reply_error(res, status_for(*rx.error), rx.error->message);
                std::lock_guard lock(mutex);
                auto rec = store->check_upload(rx.file->temp_path(), rx.file_name);
                if (!rec) return reply_error(res, status_for(rec.error()), rec.error().message);
                if (auto c = rx.file->commit(); !c) return reply_error(res, 409, c.error().message);
                reply_json(res, 201, metadata::to_json(*rec, -1));
            },
            drain);
    });

    server->Delete(k_base + "/([^/]+)",
                   [this](const httplib::Request& req, httplib::Response& res) {
                       guard(Endpoint::remove, Access::admin, req, res, [&](const Caller&) {
                           std::lock_guard lock(mutex);
                           auto removed = store->remove(req.matches[1]);
                           if (!removed) return reply_error(res, 500, removed.error().message);
                           if (!*removed) return reply_error(res, 404, "no such snapshot");
                           res.status = 204;
                       });
                   });
}

}  // namespace ssosnap::emulator
