#![doc = include_str!("../README.md")]

pub mod import;

pub use import::{
    EVENTS_SHEET, INDICATORS_SHEET, ReadPlan, Table, events_from_table, indicators_from_table,
    plan_from_csv, plan_from_xlsx, read_csv,
};
