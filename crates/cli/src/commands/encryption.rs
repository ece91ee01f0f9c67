//! `counterpart encrypt`, `counterpart rekey`, `counterpart decrypt`: an existing
//! database encrypted, given a new passphrase, or decrypted — each atomically and checked
//! by the core ([`counterpart_core::db::encrypt_file`] and its siblings); no copy of the
//! file as it was is kept (the converted one is checked before it takes its place).

use crate::context::{read_passphrase, Context};
use clap::Args;
use counterpart_core::db::{backup, decrypt_file, encrypt_file, rekey_file, Converted};
use counterpart_core::problem::Problem;
use counterpart_core::Error;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// The file holding the new passphrase (one trailing line break is not part of it).
    #[arg(long, value_name = "FILE", required = true)]
    pub new_passphrase_file: PathBuf,
}

#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// Confirms the decryption (required: the database is then stored unencrypted).
    #[arg(long, required = true)]
    pub yes: bool,
}

pub fn run_encrypt(ctx: &mut Context) -> Result<(), Error> {
    let new = ctx.required_passphrase(|env| Problem::PassphraseToEncrypt { env })?;
    let path = ctx.db_path()?;
    let done = encrypt_file(&path, &new)?;
    report(ctx, &path, "encrypted", &done, "the unencrypted file")
}

pub fn run_rekey(ctx: &mut Context, r: RekeyArgs) -> Result<(), Error> {
    let old = ctx.required_passphrase(|env| Problem::PassphraseToOpen { env })?;
    let new = read_passphrase(&r.new_passphrase_file)?;
    let path = ctx.db_path()?;
    let done = rekey_file(&path, &old, &new)?;
    report(
        ctx,
        &path,
        "re-keyed",
        &done,
        "the file under the old passphrase",
    )
}

pub fn run_decrypt(ctx: &mut Context, _d: DecryptArgs) -> Result<(), Error> {
    let old = ctx.required_passphrase(|env| Problem::PassphraseToOpen { env })?;
    let path = ctx.db_path()?;
    let done = decrypt_file(&path, &old)?;
    report(ctx, &path, "decrypted", &done, "the encrypted file")?;
    writeln!(ctx.out, "the database is no longer encrypted")?;
    Ok(())
}

fn report(
    ctx: &mut Context,
    path: &Path,
    did: &str,
    done: &Converted,
    old: &str,
) -> Result<(), Error> {
    writeln!(
        ctx.out,
        "{did} {} ({} item(s), checked)",
        path.display(),
        done.items
    )?;
    writeln!(
        ctx.out,
        "{old} was emptied once the converted copy had been checked (no copy of it is left)"
    )?;
    if done.backups > 0 {
        writeln!(
            ctx.out,
            "{did} too: {} backup(s) in {}",
            done.backups,
            backup::folder(path).display()
        )?;
    }
    for left in &done.backups_left {
        writeln!(
            ctx.out,
            "left as it was (it could not be {did}): {}",
            left.display()
        )?;
    }
    Ok(())
}
