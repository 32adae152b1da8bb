-- AlterTable
ALTER TABLE "TestResult" ADD COLUMN     "generation" JSONB,
ADD COLUMN     "refGeneration" JSONB;
