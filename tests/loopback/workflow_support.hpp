#pragma once
// Loopback support for the backup and restore workflows: the remote fixture (a real emulator
// on 127.0.0.1 port 0, the CLI in-process) plus helpers to read the emulator's live config,
// take a backup, and run the rollback command a failed restore prints.

#include "remote_support.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace ssosnap::loopback
{

class WorkflowLoopbackTest : public RemoteLoopbackTest
{
protected:
    fs::path server() const { return tmp() / "server"; }
    fs::path live_file() const { return server() / "kerberos" / "saml-idp.xml"; }
    fs::path backups() const { return tmp() / "backups"; }

    /// Every file of the live config (kerberos/ and settings.json), relative path → bytes.
    std::map<std::string, std::string> live() const
    {
        std::map<std::string, std::string> out;
        for (const auto& e : fs::recursive_directory_iterator(server() / "kerberos")) {
            if (e.is_regular_file())
                out[fs::relative(e.path(), server()).generic_string()] = read_text(e.path());
        }
        // A home without settings.json holds the empty settings a restore writes.
        out["settings.json"] = fs::exists(server() / "settings.json")
                                   ? read_text(server() / "settings.json")
                                   : std::string("{}\n");
        return out;
    }

    /// `ssosnap backup` as admin into backups(); returns the archive's path.
    fs::path backup(const std::vector<std::string>& extra = {})
    {
        fs::create_directories(backups());
        std::vector<std::string> args{"backup", "--to", backups().string(), "--retries", "0"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = run_admin(args);
        EXPECT_EQ(r.status, 0) << r.err;
        std::string path = r.out;
        while (!path.empty() && path.back() == '\n')
            path.pop_back();
        return path;
    }

    /// Changes the live config the way an administrator's edit would.
    void change_live() { write_text(live_file(), "<idp name=\"changed by hand\"/>\n"); }

    /// `ssosnap restore ARCHIVE args...` as admin, without retries (a fault is final).
    RunResult restore(const fs::path& archive, std::vector<std::string> args)
    {
        args.insert(args.begin(), {"restore", archive.string(), "--retries", "0", "--wait", "3"});
        return run_admin(args);
    }

    /// The snapshot ids the server holds (its kerberos_snapshots folder).
    std::vector<std::string> server_snapshots() const
    {
        std::vector<std::string> ids;
        for (const auto& e : fs::directory_iterator(server() / "kerberos_snapshots")) {
            if (e.path().extension() == ".zip") ids.push_back(e.path().stem().string());
        }
        return ids;
    }

    /// Runs the "roll back with: ssosnap ..." command found in `err`, the password on stdin
    /// as the command itself says; returns its result (status -1 when there is none).
    RunResult run_rollback(const std::string& err)
    {
        const std::string marker = "roll back with: ssosnap ";
        const auto at = err.find(marker);
        if (at == std::string::npos) return {};
        const auto end = err.find('\n', at);
        std::istringstream words(err.substr(at + marker.size(), end - at - marker.size()));
        std::vector<std::string> args;
        for (std::string w; words >> w;)
            args.push_back(w);
        EXPECT_NE(std::find(args.begin(), args.end(), "--password-stdin"), args.end());
        return run(args, std::string(k_admin_password) + "\n");
    }
};

}  // namespace ssosnap::loopback
