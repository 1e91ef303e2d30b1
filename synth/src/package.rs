//! The function package `cargo lambda build --output-format zip` produces: its content hash
//! (for a content-addressed S3 key) and the architecture of its `bootstrap` binary.

use std::io::Read;
use std::path::{Path, PathBuf};

use constructs::function::Architecture;
use constructs::rules::package as rules;
use sha2::{Digest, Sha256};

use crate::refusal::Refusal;

/// What `synth` needs to know about a built package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// Where the zip is.
    pub path: PathBuf,
    /// Lower-case hex SHA-256 of the package's content: each entry's name and bytes, in name
    /// order. Zip timestamps are left out, so rebuilding unchanged code gives the same key.
    pub sha256: String,
    /// The instruction set `bootstrap` is built for.
    pub architecture: Architecture,
}

impl Package {
    /// The S3 key the package is uploaded under: content-addressed, so a new build never
    /// overwrites the object a deployed stack points at, and an unchanged build redeploys
    /// nothing.
    pub fn s3_key(&self) -> String {
        format!("anomaly-function/{}.zip", self.sha256)
    }
}

/// ELF `e_machine` values Lambda runs.
const EM_X86_64: u16 = 62;
const EM_AARCH64: u16 = 183;

/// How to build a package Lambda runs: the fix of every problem with one.
const REBUILD: &str =
    "build it with `cargo lambda build --release --output-format zip` (add --arm64 for Graviton)";

/// Reads the zip at `path`; the refusal says what is wrong and how to build a good one.
pub fn inspect(path: &Path) -> Result<Package, Refusal> {
    let bytes = std::fs::read(path).map_err(|e| {
        Refusal::Unreadable(format!("cannot read --code-zip {}: {e}", path.display()))
    })?;
    let shown = path.display().to_string();
    let broken = |rule, property: &str, problem: String| {
        Refusal::broken(
            rule,
            ("--code-zip", &shown),
            property,
            None,
            problem,
            REBUILD,
        )
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        broken(
            &rules::PACKAGE_NOT_ZIP,
            "archive",
            format!("is not a zip archive ({e})"),
        )
    })?;
    let sha256 = content_hash(&mut archive).map_err(|e| {
        broken(
            &rules::PACKAGE_NOT_ZIP,
            "archive",
            format!("cannot be read ({e})"),
        )
    })?;
    let mut bootstrap = archive.by_name("bootstrap").map_err(|_| {
        broken(
            &rules::PACKAGE_WITHOUT_BOOTSTRAP,
            "bootstrap",
            "is not at the zip's root, where the provided.al2023 runtime executes it".into(),
        )
    })?;
    let mut header = [0u8; 20];
    bootstrap.read_exact(&mut header).map_err(|e| {
        broken(
            &rules::BOOTSTRAP_NOT_EXECUTABLE,
            "bootstrap",
            format!("cannot be read ({e})"),
        )
    })?;
    let architecture = elf_architecture(&header)
        .map_err(|problem| broken(&rules::BOOTSTRAP_NOT_EXECUTABLE, "bootstrap", problem))?;
    Ok(Package {
        path: path.to_owned(),
        sha256,
        architecture,
    })
}

/// The bytes of the file `name` in the zip at `path`, or `None` when it has no such file.
pub fn read_entry(path: &Path, name: &str) -> Result<Option<Vec<u8>>, Refusal> {
    let unreadable = Refusal::Unreadable;
    let file = std::fs::File::open(path)
        .map_err(|e| unreadable(format!("cannot read --code-zip {}: {e}", path.display())))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| {
        unreadable(format!(
            "--code-zip {} is not a zip archive ({e})",
            path.display()
        ))
    })?;
    let mut entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => {
            return Err(unreadable(format!(
                "cannot read `{name}` in {}: {e}",
                path.display()
            )));
        }
    };
    let mut bytes = Vec::new();
    entry
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(format!("cannot read `{name}` in {}: {e}", path.display())))?;
    Ok(Some(bytes))
}

/// SHA-256 over every entry's name, length and content, in name order.
fn content_hash<R: Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
) -> Result<String, String> {
    let mut entries: Vec<(String, usize)> = Vec::with_capacity(archive.len());
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.into_owned();
        entries.push((name, index));
    }
    entries.sort();
    let mut hasher = Sha256::new();
    for (name, index) in entries {
        let mut entry = archive.by_index(index).map_err(|e| e.to_string())?;
        let mut content = Vec::new();
        entry.read_to_end(&mut content).map_err(|e| e.to_string())?;
        hasher.update((name.len() as u64).to_le_bytes());
        hasher.update(name.as_bytes());
        hasher.update((content.len() as u64).to_le_bytes());
        hasher.update(&content);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The architecture of a 64-bit little-endian ELF executable from its first 20 bytes.
fn elf_architecture(header: &[u8; 20]) -> Result<Architecture, String> {
    if &header[..4] != b"\x7fELF" {
        return Err("is not a Linux executable (no ELF header)".into());
    }
    if header[4] != 2 || header[5] != 1 {
        return Err("is not a 64-bit little-endian ELF executable".into());
    }
    match u16::from_le_bytes([header[18], header[19]]) {
        EM_X86_64 => Ok(Architecture::X86_64),
        EM_AARCH64 => Ok(Architecture::Arm64),
        other => Err(format!(
            "is built for ELF machine {other}, but Lambda runs x86_64 (62) or arm64 (183)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(machine: u16) -> [u8; 20] {
        let mut h = [0u8; 20];
        h[..4].copy_from_slice(b"\x7fELF");
        h[4] = 2;
        h[5] = 1;
        h[18..20].copy_from_slice(&machine.to_le_bytes());
        h
    }

    #[test]
    fn reads_the_architecture_from_the_elf_header() {
        assert_eq!(elf_architecture(&header(62)), Ok(Architecture::X86_64));
        assert_eq!(elf_architecture(&header(183)), Ok(Architecture::Arm64));
        assert!(
            elf_architecture(&header(40))
                .unwrap_err()
                .contains("machine 40")
        );
        let mut script = [b' '; 20];
        script[..2].copy_from_slice(b"#!");
        assert!(
            elf_architecture(&script)
                .unwrap_err()
                .contains("not a Linux executable")
        );
    }
}
