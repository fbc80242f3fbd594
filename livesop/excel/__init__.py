"""Spreadsheets: the Excel 直播脚本 in and out, lineups from CSV or XLSX, safe workbook reading."""
