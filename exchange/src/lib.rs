#![doc = include_str!("../README.md")]

pub mod import;

pub use import::{
    EVENTS_SHEET, INDICATORS_SHEET, ReadPlan, Table, events_from_table, indicators_from_table,
    plan_from_csv, plan_from_xlsx, read_csv,
};

pub mod export;

/// What can go wrong writing or reading a file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// The destination refused the bytes (disk full, client gone).
    #[error("cannot write the file: {0}")]
    Io(#[from] std::io::Error),
    /// The XLSX writer failed.
    #[error("cannot build the workbook: {0}")]
    Xlsx(String),
}

impl From<rust_xlsxwriter::XlsxError> for ExchangeError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        Self::Xlsx(error.to_string())
    }
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, ExchangeError>;
