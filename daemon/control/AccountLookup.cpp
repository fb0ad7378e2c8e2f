#include "AccountLookup.h"

#include <cerrno>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include <vector>

namespace tollgate {

namespace {

/// Initial buffer size for the *_r calls; grown on ERANGE.
std::size_t initialBufferSize(int name)
{
    const long size = ::sysconf(name);
    return size > 0 ? std::size_t(size) : 16384;
}

bool lookUpUser(uid_t uid, passwd* entry, std::vector<char>* buffer)
{
    buffer->resize(initialBufferSize(_SC_GETPW_R_SIZE_MAX));
    for (;;) {
        passwd* found = nullptr;
        const int rc = ::getpwuid_r(uid, entry, buffer->data(), buffer->size(), &found);
        if (rc == ERANGE && buffer->size() < 1024 * 1024) {
            buffer->resize(buffer->size() * 2);
            continue;
        }
        return rc == 0 && found;
    }
}

} // namespace

QString AccountLookup::userName(uid_t uid)
{
    passwd entry{};
    std::vector<char> buffer;
    return lookUpUser(uid, &entry, &buffer) ? QString::fromLocal8Bit(entry.pw_name) : QString();
}

std::optional<gid_t> AccountLookup::primaryGroup(uid_t uid)
{
    passwd entry{};
    std::vector<char> buffer;
    if (!lookUpUser(uid, &entry, &buffer))
        return std::nullopt;
    return entry.pw_gid;
}

std::optional<gid_t> AccountLookup::groupId(const QString& name)
{
    const QByteArray encoded = name.toLocal8Bit();
    std::vector<char> buffer(initialBufferSize(_SC_GETGR_R_SIZE_MAX));
    for (;;) {
        group entry{};
        group* found = nullptr;
        const int rc = ::getgrnam_r(encoded.constData(), &entry, buffer.data(), buffer.size(), &found);
        if (rc == ERANGE && buffer.size() < 16 * 1024 * 1024) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        if (rc != 0 || !found)
            return std::nullopt;
        return entry.gr_gid;
    }
}

QString AccountLookup::groupName(gid_t gid)
{
    std::vector<char> buffer(initialBufferSize(_SC_GETGR_R_SIZE_MAX));
    for (;;) {
        group entry{};
        group* found = nullptr;
        const int rc = ::getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found);
        if (rc == ERANGE && buffer.size() < 16 * 1024 * 1024) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        return rc == 0 && found ? QString::fromLocal8Bit(entry.gr_name) : QString();
    }
}

QList<gid_t> AccountLookup::groupsOfUser(const QString& userName, gid_t primary)
{
    const QByteArray encoded = userName.toLocal8Bit();
    std::vector<gid_t> groups(64);
    int count = int(groups.size());
    if (::getgrouplist(encoded.constData(), primary, groups.data(), &count) < 0) {
        // `count` now holds the number needed.
        groups.resize(std::size_t(count));
        if (::getgrouplist(encoded.constData(), primary, groups.data(), &count) < 0)
            return {primary};
    }
    return QList<gid_t>(groups.begin(), groups.begin() + count);
}

} // namespace tollgate
