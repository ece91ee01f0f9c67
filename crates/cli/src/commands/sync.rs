//! `counterpart sync` and `counterpart share REF --with CODE`: their flags. They are run by
//! the whole program (`src/full/sync.rs`).

use clap::Args;

#[derive(Debug, Args)]
pub struct SyncArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: crate::args::ShowFormat,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The item: its id or its reference.
    #[arg(value_name = "REF")]
    pub item: String,
    /// The agency whose users may then see and work on it (e.g. DEA).
    #[arg(long = "with", value_name = "CODE")]
    pub with: String,
}
