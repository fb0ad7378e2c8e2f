#include "ControlSocketFile.h"

#include "AccountLookup.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace tollgate {

namespace {

QString systemError()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace

bool ControlSocketFile::isListenedOn(const QString& path)
{
    const QByteArray encoded = QFile::encodeName(path);
    sockaddr_un address{};
    if (encoded.size() >= qsizetype(sizeof(address.sun_path)))
        return false;
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return false;
    // Non-blocking: a listener with a full backlog answers EAGAIN instead of making us wait.
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    const int connectError = errno;
    ::close(fd);
    return rc == 0 || connectError == EAGAIN || connectError == EINPROGRESS;
}

bool ControlSocketFile::prepare(const QString& path, QString* error)
{
    const QFileInfo info(path);
    const QString directory = info.absolutePath();
    if (!QFileInfo::exists(directory)) {
        if (!QDir().mkpath(directory)) {
            *error = QStringLiteral("cannot create the control socket's directory %1").arg(directory);
            return false;
        }
        QFile::setPermissions(directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                                             QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                             QFileDevice::ExeOther);
    }

    struct stat status
    {
    };
    if (::lstat(QFile::encodeName(path).constData(), &status) != 0) {
        if (errno == ENOENT)
            return true;
        *error = QStringLiteral("cannot inspect %1: %2").arg(path, systemError());
        return false;
    }
    if (!S_ISSOCK(status.st_mode)) {
        *error =
            QStringLiteral("%1 exists and is not a socket; remove it or choose another control socket path").arg(path);
        return false;
    }
    if (isListenedOn(path)) {
        *error = QStringLiteral("another process is listening on %1 (is tollgated already running?)").arg(path);
        return false;
    }
    if (::unlink(QFile::encodeName(path).constData()) != 0) {
        *error = QStringLiteral("cannot remove the stale control socket %1: %2").arg(path, systemError());
        return false;
    }
    return true;
}

bool ControlSocketFile::restrictAccess(const QString& path, const QString& groupName, QString* warning, QString* error)
{
    const QByteArray encoded = QFile::encodeName(path);
    if (::chmod(encoded.constData(), 0660) != 0) {
        *error = QStringLiteral("cannot set mode 0660 on %1: %2").arg(path, systemError());
        return false;
    }
    const auto groupId = AccountLookup::groupId(groupName);
    struct stat status
    {
    };
    const QString currentGroup =
        ::stat(encoded.constData(), &status) == 0 ? AccountLookup::groupName(status.st_gid) : QString();
    if (!groupId) {
        *warning = QStringLiteral("group '%1' does not exist; the control socket %2 keeps group '%3', so only root, "
                                  "the daemon's user and members of '%3' can use it")
                       .arg(groupName, path, currentGroup);
        return true;
    }
    if (::chown(encoded.constData(), uid_t(-1), *groupId) != 0) {
        *warning = QStringLiteral("cannot give the control socket %1 to group '%2' (%3); it keeps group '%4'")
                       .arg(path, groupName, systemError(), currentGroup);
    }
    return true;
}

} // namespace tollgate
