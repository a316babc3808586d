import Foundation
import Glibc

/// A lock on one endpoint name across processes (`flock` on `.NAME.lock` in the endpoints folder), held
/// while it is deployed or undeployed, so two deployments of one name never start two processes.
struct EndpointLock {
    private let descriptor: Int32

    /// Waits for the lock on `name`.
    init(folder: String, name: String) throws(DeploymentError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .store("cannot create \(folder): \(error.localizedDescription)")
        }
        let path = folder + "/.\(name).lock"
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .store("cannot open \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .store("cannot lock \(path): \(reason)")
            }
        }
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
