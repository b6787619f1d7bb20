-- The synthetic data's diversity, counted in a loaded SQLite database (bench/analysis.md quotes it):
--   sqlite3 -readonly bench/work/runs/sqlite-1000000/data/childindex.db < bench/generator-stats.sql
SELECT 'children', COUNT(*) FROM Children;
SELECT 'shielded %', ROUND(100.0 * SUM(Shielded) / COUNT(*), 2) FROM Children;
SELECT 'with a sensitive involvement %', ROUND(100.0 * COUNT(DISTINCT ChildId) / (SELECT COUNT(*) FROM Children), 2) FROM Involvements WHERE ServiceType IN (10, 11, 12);
SELECT 'with other names %', ROUND(100.0 * COUNT(DISTINCT ChildId) / (SELECT COUNT(*) FROM Children), 2) FROM OtherNames;
SELECT 'other names by kind', Kind, COUNT(*) FROM OtherNames GROUP BY Kind;
SELECT 'hyphenated family name %', ROUND(100.0 * SUM(FamilyName LIKE '%-%') / COUNT(*), 2) FROM Children;
SELECT 'non-ASCII name %', ROUND(100.0 * SUM(GivenNames || FamilyName GLOB '*[^ -~]*') / COUNT(*), 2) FROM Children;
SELECT 'carers per child', n, COUNT(*) FROM (SELECT c.Id, COUNT(k.Id) n FROM Children c LEFT JOIN Carers k ON k.ChildId = c.Id GROUP BY c.Id) GROUP BY n;
SELECT 'involvements per child', n, COUNT(*) FROM (SELECT c.Id, COUNT(i.Id) n FROM Children c LEFT JOIN Involvements i ON i.ChildId = c.Id GROUP BY c.Id) GROUP BY n;
SELECT 'distinct family names', COUNT(DISTINCT FamilyName) FROM Children;
SELECT 'age years min/max', MIN(DateOfBirth), MAX(DateOfBirth) FROM Children;
