-- AlterTable
ALTER TABLE "QuestionContent" ADD COLUMN     "probes" TEXT[] DEFAULT ARRAY[]::TEXT[];
